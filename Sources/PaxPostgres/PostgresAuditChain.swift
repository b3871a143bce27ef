import Foundation
public import PaxServer
public import PaxExchange
import PostgresNIO

/// The agency's audit log on PostgreSQL: one hash chain (`AuditChain`, the same rule as the
/// SQLite log, so `AuditVerification` means the same thing) however many instances append.
///
/// An append locks the single row of `audit_head` (`SELECT … FOR UPDATE`) inside the caller's
/// transaction, links the new record to the head and moves the head; a second instance's append
/// waits for that transaction to end, so sequence numbers have no gaps and every record links
/// to the one before. Each record names the instance that wrote it, in a column and in its
/// details (so the chain's hash covers it).
extension PostgresExchangeStore {
    /// Appends one record in its own transaction.
    @discardableResult
    public func appendAudit(_ event: AuditEvent) throws(StoreError) -> AuditRecord {
        try writing("audit append") { connection in try append(event, on: connection) }
    }

    /// The last record's sequence and hash, or nil for an empty log.
    public func auditHead() throws(StoreError) -> AuditHead? {
        try reading("audit head") { connection in
            guard let row = try pool.run("SELECT sequence, hash FROM audit_head WHERE id = 1", on: connection).rows.first else {
                throw StoreError.io("audit_head has no row")
            }
            let (sequence, hash) = try row.decode((Int64, String).self)
            return sequence == 0 ? nil : AuditHead(sequence: sequence, hash: hash)
        }
    }

    /// Records in sequence order from `sequence` on, at most `limit` of them.
    public func auditRecords(from sequence: Int64 = 1, limit: Int = 10_000) throws(StoreError) -> [AuditRecord] {
        try reading("audit read") { connection in
            try pool.run("""
                SELECT sequence, recorded_at_ms, kind, actor, message_id, traveller_ref, details, prev_hash, hash
                FROM audit_log WHERE sequence >= \(sequence) ORDER BY sequence LIMIT \(Int64(max(0, limit)))
                """, on: connection).rows.map(Self.auditRecord)
        }
    }

    /// The instance that wrote each record, by sequence (for tests and `audit verify` output).
    public func auditInstances() throws(StoreError) -> [Int64: String] {
        try reading("audit read") { connection in
            var instances: [Int64: String] = [:]
            for row in try pool.run("SELECT sequence, instance FROM audit_log", on: connection).rows {
                let (sequence, instance) = try row.decode((Int64, String).self)
                instances[sequence] = instance
            }
            return instances
        }
    }

    /// Walks the whole chain in sequence order (in pages, so memory stays bounded) and reports
    /// the first broken record; with `expectedHead`, also a truncated or rewritten end.
    public func verifyAudit(expectedHead: AuditHead? = nil) throws(StoreError) -> AuditVerification {
        var expected: Int64 = 1
        var previousHash = AuditChain.genesisHash
        var expectedHeadSeen = false
        while true {
            let page = try auditRecords(from: expected, limit: 5_000)
            for record in page {
                if record.sequence != expected {
                    return .broken(AuditBreak(sequence: record.sequence, problem: .removed,
                                              detail: "records \(expected)…\(record.sequence - 1) are missing"))
                }
                if record.previousHash != previousHash {
                    return .broken(AuditBreak(sequence: record.sequence, problem: .removed,
                                              detail: "its previous-hash does not match record \(record.sequence - 1)"))
                }
                if AuditChain.hash(of: record) != record.hash {
                    return .broken(AuditBreak(sequence: record.sequence, problem: .altered, detail: "its content does not match its hash"))
                }
                if let expectedHead, expectedHead.sequence == record.sequence {
                    guard expectedHead.hash == record.hash else {
                        return .broken(AuditBreak(sequence: record.sequence, problem: .headMismatch,
                                                  detail: "hash \(record.hash) differs from the expected head \(expectedHead.hash)"))
                    }
                    expectedHeadSeen = true
                }
                previousHash = record.hash
                expected += 1
            }
            if page.isEmpty { break }
        }
        let count = expected - 1
        if let expectedHead, !expectedHeadSeen {
            return .broken(AuditBreak(sequence: count + 1, problem: .truncated,
                                      detail: "the log ends at record \(count) but the expected head is record \(expectedHead.sequence)"))
        }
        // The head row must agree with the last record (nobody moved it around the chain).
        let head = try auditHead()
        if head != (count == 0 ? nil : AuditHead(sequence: count, hash: previousHash)) {
            return .broken(AuditBreak(sequence: count, problem: .headMismatch,
                                      detail: "audit_head says \(head.map(\.description) ?? "(empty)") but the chain ends at record \(count)"))
        }
        return .intact(records: count, head: count == 0 ? nil : AuditHead(sequence: count, hash: previousHash))
    }

    /// Appends inside the caller's transaction: locks the head row, links, inserts, moves the head.
    @discardableResult
    func append(_ event: AuditEvent, on connection: PostgresConnection) throws -> AuditRecord {
        guard let head = try pool.run("SELECT sequence, hash FROM audit_head WHERE id = 1 FOR UPDATE", on: connection).rows.first else {
            throw StoreError.io("audit_head has no row")
        }
        let (lastSequence, lastHash) = try head.decode((Int64, String).self)
        guard lastSequence >= 0, lastSequence < Int64.max else { throw StoreError.io("audit_head holds sequence \(lastSequence)") }
        var details = event.details
        details["instance"] = instance
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let detailsJSON = String(decoding: try encoder.encode(details), as: UTF8.self)
        var record = AuditRecord(sequence: lastSequence + 1, recordedAtMilliseconds: Self.milliseconds(now()), kind: event.kind,
                                 actor: event.actor, messageId: event.messageId, travellerRef: event.travellerRef,
                                 detailsJSON: detailsJSON, previousHash: lastSequence == 0 ? AuditChain.genesisHash : lastHash,
                                 hash: "")
        record.hash = AuditChain.hash(of: record)
        try pool.run("""
            INSERT INTO audit_log (sequence, recorded_at_ms, kind, actor, message_id, traveller_ref, details, prev_hash, hash, instance)
            VALUES (\(record.sequence), \(record.recordedAtMilliseconds), \(record.kind.rawValue), \(record.actor), \(record.messageId),
                    \(record.travellerRef), \(record.detailsJSON), \(record.previousHash), \(record.hash), \(instance))
            """, on: connection)
        try pool.run("UPDATE audit_head SET sequence = \(record.sequence), hash = \(record.hash) WHERE id = 1", on: connection)
        return record
    }

    static func auditRecord(_ row: PostgresRow) throws -> AuditRecord {
        let (sequence, milliseconds, kind, actor, messageId, travellerRef, details, previousHash, hash) =
            try row.decode((Int64, Int64, String, String, String?, String?, String, String, String).self)
        return AuditRecord(sequence: sequence, recordedAtMilliseconds: milliseconds, kind: AuditKind(rawValue: kind), actor: actor,
                           messageId: messageId, travellerRef: travellerRef, detailsJSON: details, previousHash: previousHash,
                           hash: hash)
    }
}
