import GRDB
/// `paxsim audit verify`: opens a database read-only and verifies its audit chain.
public enum AuditDatabaseCheck {
    /// The verification result; throws `AgencyDatabaseError` when the file is missing, not
    /// SQLite, or not a PaxSim agency database.
    public static func verify(path: String, expectedHead: AuditHead?) throws(AgencyDatabaseError) -> AuditVerification {
        try verify(path: path, expectedHeads: expectedHead.map { [$0] } ?? [])
    }

    /// The same against several expected heads (each must be on the chain).
    public static func verify(path: String, expectedHeads: [AuditHead]) throws(AgencyDatabaseError) -> AuditVerification {
        let queue = try AgencyDatabase.openReadOnly(path: path)
        do {
            return try queue.read { db in
                guard try db.tableExists("audit_log") else {
                    throw AgencyDatabaseError(path: path, reason: "has no audit_log table")
                }
                return try AuditVerifier.verify(db, expectedHeads: expectedHeads)
            }
        } catch let error as AgencyDatabaseError {
            throw error
        } catch {
            throw AgencyDatabaseError(path: path, reason: "cannot read the audit log: \(AgencyDatabase.describe(error))")
        }
    }

    /// The agency whose database this is, as its audit log names it (the actor of its
    /// outgoing messages); nil when it has sent nothing yet.
    public static func agency(path: String) throws(AgencyDatabaseError) -> String? {
        let queue = try AgencyDatabase.openReadOnly(path: path)
        do {
            return try queue.read { db in
                try String.fetchOne(db, sql: "SELECT actor FROM audit_log WHERE kind = ? ORDER BY sequence LIMIT 1",
                                    arguments: [AuditKind.messageOut.rawValue])
            }
        } catch {
            throw AgencyDatabaseError(path: path, reason: "cannot read the audit log: \(AgencyDatabase.describe(error))")
        }
    }
}
