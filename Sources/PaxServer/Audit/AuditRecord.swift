import Foundation

/// One event to append to the audit log. Audit records must not carry traveller names or
/// contact details (they outlive the retention period): identify travellers by message id and
/// traveller reference only.
public struct AuditEvent: Sendable, Equatable {
    public var kind: AuditKind
    /// Who acted: this agency, a peer agency's id, an operator.
    public var actor: String
    public var messageId: String?
    public var travellerRef: String?
    /// Further facts (purpose, counts, outcome), stored as canonical JSON (sorted keys).
    public var details: [String: String]

    public init(kind: AuditKind, actor: String, messageId: String? = nil, travellerRef: String? = nil, details: [String: String] = [:]) {
        self.kind = kind
        self.actor = actor
        self.messageId = messageId
        self.travellerRef = travellerRef
        self.details = details
    }
}

/// A stored audit record: the event, its place in the chain and its hash.
public struct AuditRecord: Sendable, Equatable {
    /// 1, 2, 3, … without gaps.
    public var sequence: Int64
    /// Milliseconds since 1970 (UTC).
    public var recordedAtMilliseconds: Int64
    public var kind: AuditKind
    public var actor: String
    public var messageId: String?
    public var travellerRef: String?
    /// The details as stored: canonical JSON text, hashed as it is.
    public var detailsJSON: String
    /// The previous record's hash (64 zeros for the first record).
    public var previousHash: String
    /// SHA-256 over the canonical encoding of every field above (`AuditChain.hash`).
    public var hash: String

    public init(sequence: Int64, recordedAtMilliseconds: Int64, kind: AuditKind, actor: String, messageId: String?,
                travellerRef: String?, detailsJSON: String, previousHash: String, hash: String) {
        self.sequence = sequence
        self.recordedAtMilliseconds = recordedAtMilliseconds
        self.kind = kind
        self.actor = actor
        self.messageId = messageId
        self.travellerRef = travellerRef
        self.detailsJSON = detailsJSON
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The details decoded (empty when the stored text is not a JSON object of strings).
    public var details: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(detailsJSON.utf8))) ?? [:]
    }
}

/// The last record of a chain: recorded elsewhere (a checkpoint), it lets `verify` detect
/// records removed from the end, which the chain alone cannot show.
public struct AuditHead: Sendable, Equatable, CustomStringConvertible {
    public var sequence: Int64
    public var hash: String

    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }

    /// Parses `SEQUENCE:HASH` (the `description` form); nil when malformed.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let sequence = Int64(parts[0]), sequence > 0,
              parts[1].count == 64, parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        self.init(sequence: sequence, hash: String(parts[1]))
    }

    public var description: String { "\(sequence):\(hash)" }
}
