public import GRDB

/// The outcome of walking the audit chain.
public enum AuditVerification: Sendable, Equatable, CustomStringConvertible {
    /// Every record links to the one before and hashes to its stored hash.
    case intact(records: Int64, head: AuditHead?)
    /// The first problem found, in sequence order.
    case broken(AuditBreak)

    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .intact(let records, let head):
            return "audit log intact: \(records) record\(records == 1 ? "" : "s"), head \(head.map(\.description) ?? "(empty)")"
        case .broken(let problem):
            return "audit log BROKEN at record \(problem.sequence): \(problem.problem.rawValue): \(problem.detail)"
        }
    }
}

/// Where and how the chain is broken.
public struct AuditBreak: Sendable, Equatable {
    public enum Problem: String, Sendable {
        /// The record's content no longer hashes to its stored hash.
        case altered
        /// One or more records are missing before this one.
        case removed
        /// The record is linked after a record that now stands elsewhere in the sequence.
        case reordered
        /// Records at the end are missing (known only from an expected head).
        case truncated
        /// The record at the expected head's sequence is not the recorded one.
        case headMismatch = "head-mismatch"
        /// A stored field cannot be read as its type (a value of the wrong kind was written).
        case unreadable
    }

    public var sequence: Int64
    public var problem: Problem
    public var detail: String

    public init(sequence: Int64, problem: Problem, detail: String) {
        self.sequence = sequence
        self.problem = problem
        self.detail = detail
    }
}

/// Walks the audit chain in sequence order and reports the first broken record.
///
/// What the chain can show: a changed field (the record's hash no longer matches: *altered*),
/// a record deleted from the middle (a gap in the sequence, or a record whose previous hash
/// matches no record: *removed*), records moved (a record whose previous hash belongs to a record
/// standing elsewhere: *reordered*). What it cannot show on its own: records deleted from the
/// END, or a tail rewritten with fresh hashes, since what is left is a valid chain. For those,
/// keep the head (`AuditLog.head()`, printed by `paxsim audit verify`) outside the database and
/// pass it as `expectedHead`: a shorter chain is then *truncated*, a different record at that
/// sequence a *head-mismatch*.
///
/// Several expected heads may be given at once (`expectedHeads`: e.g. the heads this agency
/// signed into its acknowledgements, as its peers kept them): each must be on the chain.
public enum AuditVerifier {
    public static func verify(_ db: Database, expectedHead: AuditHead? = nil) throws -> AuditVerification {
        try verify(db, expectedHeads: expectedHead.map { [$0] } ?? [])
    }

    public static func verify(_ db: Database, expectedHeads: [AuditHead]) throws -> AuditVerification {
        // Per sequence, the heads expected there (two different hashes at one sequence: one
        // of them cannot be on the chain, and is reported).
        let expectedAt = Dictionary(grouping: expectedHeads, by: \.sequence)
        let furthest = expectedHeads.max { $0.sequence < $1.sequence }
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT sequence, recorded_at_ms, kind, actor, message_id, traveller_ref, details, prev_hash, hash
            FROM audit_log ORDER BY sequence
            """)
        var expected: Int64 = 1
        var previousHash = AuditChain.genesisHash
        while let row = try cursor.next() {
            guard let record = readable(row) else {
                return .broken(AuditBreak(sequence: expected, problem: .unreadable,
                                          detail: "a field holds a value of the wrong type (NULL or not text/integer)"))
            }
            if record.sequence < expected {
                return .broken(AuditBreak(sequence: record.sequence, problem: .altered,
                                          detail: "sequence number \(record.sequence) where record \(expected) was due"))
            }
            if record.sequence != expected {
                let missing = expected == record.sequence - 1 ? "record \(expected) is" : "records \(expected)…\(record.sequence - 1) are"
                return .broken(AuditBreak(sequence: record.sequence, problem: .removed, detail: "\(missing) missing"))
            }
            if record.previousHash != previousHash {
                if let other = try Int64.fetchOne(db, sql: "SELECT sequence FROM audit_log WHERE hash = ? AND sequence <> ?",
                                                  arguments: [record.previousHash, record.sequence - 1]) {
                    return .broken(AuditBreak(sequence: record.sequence, problem: .reordered,
                                              detail: "it was written after the record now at sequence \(other) (so it belongs at \(other + 1)), not after record \(record.sequence - 1)"))
                }
                return .broken(AuditBreak(
                    sequence: record.sequence, problem: .removed,
                    detail: "its previous-hash matches no record: the record it followed was removed (and later ones renumbered) or record \(record.sequence - 1) was altered and re-hashed"))
            }
            if AuditChain.hash(of: record) != record.hash {
                return .broken(AuditBreak(sequence: record.sequence, problem: .altered,
                                          detail: "its content does not match its hash"))
            }
            if let heads = expectedAt[record.sequence], let other = heads.first(where: { $0.hash != record.hash }) {
                return .broken(AuditBreak(sequence: record.sequence, problem: .headMismatch,
                                          detail: "hash \(record.hash) differs from the expected head \(other.hash)"))
            }
            previousHash = record.hash
            expected += 1
        }
        let count = expected - 1
        if let furthest, furthest.sequence > count {
            return .broken(AuditBreak(sequence: count + 1, problem: .truncated,
                                      detail: "the log ends at record \(count) but the expected head is record \(furthest.sequence)"))
        }
        return .intact(records: count, head: count == 0 ? nil : AuditHead(sequence: count, hash: previousHash))
    }

    /// The row as a record, or nil when a column holds a value of the wrong type (read through
    /// `DatabaseValue`, which never traps, whatever was written into the file).
    private static func readable(_ row: Row) -> AuditRecord? {
        func text(_ column: String) -> String? { String.fromDatabaseValue(row[column] as DatabaseValue) }
        func integer(_ column: String) -> Int64? {
            let value = row[column] as DatabaseValue
            guard case .int64(let integer) = value.storage else { return nil }
            return integer
        }
        func optionalText(_ column: String) -> String?? {
            let value = row[column] as DatabaseValue
            return value.isNull ? .some(nil) : String.fromDatabaseValue(value).map { .some($0) }
        }
        guard let sequence = integer("sequence"), let milliseconds = integer("recorded_at_ms"),
              let kind = text("kind"), let actor = text("actor"), let details = text("details"),
              let previousHash = text("prev_hash"), let hash = text("hash"),
              let messageId = optionalText("message_id"), let travellerRef = optionalText("traveller_ref") else { return nil }
        return AuditRecord(sequence: sequence, recordedAtMilliseconds: milliseconds, kind: AuditKind(rawValue: kind),
                           actor: actor, messageId: messageId, travellerRef: travellerRef,
                           detailsJSON: details, previousHash: previousHash, hash: hash)
    }
}
