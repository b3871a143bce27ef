public import GRDB
public import Foundation

/// The agency's append-only, hash-chained audit log: every message in and out, every access to
/// traveller data, every retention run. Stored in the agency database's `audit_log` table,
/// which triggers keep append-only; the chain makes any change made around them (by someone
/// with the file) detectable by `AuditVerifier`.
public struct AuditLog: Sendable {
    public let database: AgencyDatabase
    /// The clock that stamps records; tests pass a fixed one.
    let now: @Sendable () -> Date

    public init(database: AgencyDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// Appends one record in its own transaction.
    @discardableResult
    public func append(_ event: AuditEvent) async throws -> AuditRecord {
        try await database.pool.write { db in try self.append(event, in: db) }
    }

    /// Appends one record inside the caller's write transaction, so the audited change and its
    /// record commit together or not at all. Writes are serialised, so the chain stays linear.
    @discardableResult
    public func append(_ event: AuditEvent, in db: Database) throws -> AuditRecord {
        // Cached statements: this runs for every record of every event.
        let last = try Row.fetchOne(try db.cachedStatement(sql: "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1"))
        var sequence: Int64 = 1
        var previousHash = AuditChain.genesisHash
        if let last {
            sequence = (last["sequence"] as Int64) + 1
            previousHash = last["hash"]
        }
        let detailsJSON = String(decoding: try Self.detailsEncoder.encode(event.details), as: UTF8.self)
        var record = AuditRecord(
            sequence: sequence, recordedAtMilliseconds: Self.milliseconds(now()), kind: event.kind, actor: event.actor,
            messageId: event.messageId, travellerRef: event.travellerRef, detailsJSON: detailsJSON,
            previousHash: previousHash, hash: "")
        record.hash = AuditChain.hash(of: record)
        try db.cachedStatement(sql: """
                INSERT INTO audit_log (sequence, recorded_at_ms, kind, actor, message_id, traveller_ref, details, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(
            arguments: [record.sequence, record.recordedAtMilliseconds, record.kind.rawValue, record.actor,
                        record.messageId, record.travellerRef, record.detailsJSON, record.previousHash, record.hash])
        return record
    }

    /// The last record's sequence and hash: keep it somewhere else (a checkpoint) to detect,
    /// later, records removed from the end of the log.
    public func head() async throws -> AuditHead? {
        try await database.pool.read { db in try Self.head(db) }
    }

    /// Records in sequence order, optionally from a sequence number on.
    public func records(from sequence: Int64 = 1, limit: Int = .max) async throws -> [AuditRecord] {
        try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE sequence >= ? ORDER BY sequence LIMIT ?",
                             arguments: [sequence, Int64(clamping: limit)]).map(Self.record)
        }
    }

    /// Checks the whole chain (see `AuditVerifier`).
    public func verify(expectedHead: AuditHead? = nil) async throws -> AuditVerification {
        try await database.pool.read { db in try AuditVerifier.verify(db, expectedHead: expectedHead) }
    }

    /// Details as stored (and hashed): sorted keys, slashes as they are.
    private static let detailsEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func head(_ db: Database) throws -> AuditHead? {
        // A cached statement: a live agency reads the head for every message it acknowledges.
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1")).map {
            AuditHead(sequence: $0["sequence"], hash: $0["hash"])
        }
    }

    static func record(_ row: Row) -> AuditRecord {
        AuditRecord(
            sequence: row["sequence"], recordedAtMilliseconds: row["recorded_at_ms"],
            kind: AuditKind(rawValue: row["kind"]), actor: row["actor"], messageId: row["message_id"],
            travellerRef: row["traveller_ref"], detailsJSON: row["details"], previousHash: row["prev_hash"], hash: row["hash"])
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
