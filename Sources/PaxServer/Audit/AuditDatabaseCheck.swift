import GRDB
/// `paxsim audit verify`: opens a database read-only and verifies its audit chain.
public enum AuditDatabaseCheck {
    /// The verification result; throws `AgencyDatabaseError` when the file is missing, not
    /// SQLite, or not a PaxSim agency database.
    public static func verify(path: String, expectedHead: AuditHead?) throws(AgencyDatabaseError) -> AuditVerification {
        let queue = try AgencyDatabase.openReadOnly(path: path)
        do {
            return try queue.read { db in
                guard try db.tableExists("audit_log") else {
                    throw AgencyDatabaseError(path: path, reason: "has no audit_log table")
                }
                return try AuditVerifier.verify(db, expectedHead: expectedHead)
            }
        } catch let error as AgencyDatabaseError {
            throw error
        } catch {
            throw AgencyDatabaseError(path: path, reason: "cannot read the audit log: \(AgencyDatabase.describe(error))")
        }
    }
}
