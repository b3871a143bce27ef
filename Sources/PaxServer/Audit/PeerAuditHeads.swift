import Foundation
public import GRDB
import PaxExchange
import PaxMessages

/// The furthest audit-log head a peer reported to this agency: the sequence number and hash
/// of the peer's last audit record when it signed an acknowledgement to us.
public struct PeerAuditHead: Sendable, Equatable, Codable {
    /// The peer agency whose log it is.
    public var peer: String
    public var sequence: Int64
    public var hash: String
    /// When this agency received it, milliseconds since 1970.
    public var reportedAtMilliseconds: Int64
    /// The signed acknowledgement that carried it.
    public var messageId: String

    public init(peer: String, sequence: Int64, hash: String, reportedAtMilliseconds: Int64, messageId: String) {
        self.peer = peer
        self.sequence = sequence
        self.hash = hash
        self.reportedAtMilliseconds = reportedAtMilliseconds
        self.messageId = messageId
    }

    public var head: AuditHead { AuditHead(sequence: sequence, hash: hash) }
}

/// Audit heads reported by peers, kept in the agency database (`peer_audit_head`, one row per
/// peer: the furthest head, i.e. the highest sequence, reported so far).
///
/// Why: a hash chain shows any change inside the log, but not a log cut short or rewritten
/// from some record on with fresh hashes. Each acknowledgement an agency signs carries its
/// head; the peer keeps the last one. Later, `paxsim audit verify --peer-heads` checks the
/// agency's log against the heads its peers kept (their database or `paxsim audit heads`
/// export): a head beyond the log's end means records were removed; a head whose hash differs
/// from the record at its sequence means the log was rewritten.
public enum PeerAuditHeads {
    /// What `record` did with a reported head.
    public enum Recorded: Sendable, Equatable {
        /// Further than the stored head (or the first): stored.
        case advanced
        /// Not further, and consistent with what is stored: nothing to do.
        case behind
        /// The same sequence as the stored head with another hash: the peer's log forked
        /// (rewritten after it reported the stored head). The stored head is kept.
        case conflict(stored: PeerAuditHead)
    }

    static func createTable(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE peer_audit_head (
                peer TEXT PRIMARY KEY,
                sequence INTEGER NOT NULL,
                hash TEXT NOT NULL,
                reported_at_ms INTEGER NOT NULL,
                message_id TEXT NOT NULL
            )
            """)
    }

    /// Keeps `head` if it is further than the one stored for its peer (inside the caller's
    /// transaction, so it commits with the acknowledgement's inbox record).
    @discardableResult
    public static func record(_ head: PeerAuditHead, in db: Database) throws -> Recorded {
        if let stored = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM peer_audit_head WHERE peer = ?"), arguments: [head.peer])
            .flatMap(Self.head) {
            if head.sequence == stored.sequence && head.hash != stored.hash { return .conflict(stored: stored) }
            if head.sequence <= stored.sequence { return .behind }
        }
        try db.cachedStatement(sql: """
            INSERT INTO peer_audit_head (peer, sequence, hash, reported_at_ms, message_id) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (peer) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash,
                reported_at_ms = excluded.reported_at_ms, message_id = excluded.message_id
            """).execute(arguments: [head.peer, head.sequence, head.hash, head.reportedAtMilliseconds, head.messageId])
        return .advanced
    }

    /// Keeps `head` (see `record`); a conflicting report is written to `auditLog` as a
    /// `peer-audit-conflict` record in the same transaction.
    static func keep(_ head: PeerAuditHead, auditLog: AuditLog, in db: Database) throws {
        guard case .conflict(let stored) = try record(head, in: db) else { return }
        try auditLog.append(AuditEvent(kind: .peerAuditConflict, actor: head.peer, messageId: head.messageId,
                                       details: ["reported": head.head.description, "earlier": stored.head.description,
                                                 "earlier-message": stored.messageId]), in: db)
    }

    /// Every peer's furthest reported head, by peer. Rows that cannot be read as a head
    /// (wrong types, a malformed hash) are left out.
    public static func all(in db: Database) throws -> [PeerAuditHead] {
        guard try db.tableExists("peer_audit_head") else { return [] }
        return try Row.fetchAll(db, sql: "SELECT * FROM peer_audit_head ORDER BY peer").compactMap(Self.head)
    }

    /// The head carried by `frame` when this step processed it as an acknowledgement from a
    /// peer (its signature was verified by the agency: the effects hold its inbox record).
    /// `decoded` is the payload already decoded by the event's precheck, if any.
    static func reported(in message: SignedMessage, decoded: PaxMessage? = nil, effects: [AgencyEffect], at now: Int64) -> PeerAuditHead? {
        var processed: InboxRecord?
        for case .commit(let transaction) in effects {
            for case .insertInbox(let record) in transaction.operations { processed = record }
        }
        guard let record = processed, record.outcome.isAcknowledgement,
              message.messageId == record.messageId, message.sender == record.sender,
              case .acknowledgement(let ack)? = decoded ?? (try? PaxMessage.decode(bytes: message.payload)),
              let head = ack.auditHead, head.sequence >= 1, AuditHeadText.isHash(head.hash) else { return nil }
        return PeerAuditHead(peer: record.sender, sequence: head.sequence, hash: head.hash, reportedAtMilliseconds: now,
                             messageId: record.messageId)
    }

    private static func head(_ row: Row) -> PeerAuditHead? {
        func text(_ column: String) -> String? { String.fromDatabaseValue(row[column] as DatabaseValue) }
        let sequenceValue = row["sequence"] as DatabaseValue
        let reportedValue = row["reported_at_ms"] as DatabaseValue
        guard case .int64(let sequence) = sequenceValue.storage, sequence >= 1,
              case .int64(let reported) = reportedValue.storage,
              let peer = text("peer"), let hash = text("hash"), AuditHeadText.isHash(hash),
              let messageId = text("message_id") else { return nil }
        return PeerAuditHead(peer: peer, sequence: sequence, hash: hash, reportedAtMilliseconds: reported, messageId: messageId)
    }
}

/// The text forms of audit heads.
enum AuditHeadText {
    /// 64 lower-case hex digits.
    static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }
}

extension InboxOutcome {
    /// The message processed was an acknowledgement.
    var isAcknowledgement: Bool {
        switch self {
        case .ackAccepted, .ackRejected, .ackLate, .ackUnmatched: true
        default: false
        }
    }
}
