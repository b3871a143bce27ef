public import SafeXML

/// The receipt for a received message (CONTRL-style): accepted, or rejected with every schema
/// and rule error, plus the digest of the bytes received.
public struct Acknowledgement: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case accepted = "Accepted"
        case rejected = "Rejected"
    }

    public var schemaVersion: SchemaVersion
    public var header: MessageHeader
    /// The message being acknowledged.
    public var referencedMessageId: String
    public var status: Status
    /// SHA-256 of the received bytes, 64 lower-case hex digits.
    public var receivedDigest: String
    /// Problems found; empty writes no `Errors` element.
    public var errors: [ProcessingError]
    /// The acknowledging agency's audit-log head (last record's sequence and hash) when it
    /// signed this acknowledgement (since schema 1.1 of the acknowledgement; absent before).
    /// The receiver keeps the last one each peer reported: a log later truncated or rewritten
    /// below it no longer contains it (`paxsim audit verify --peer-heads`).
    public var auditHead: AuditHead?
    /// Elements of other namespaces (later minor versions, vendors), kept in order.
    public var extensions: [XMLElement]

    public init(schemaVersion: SchemaVersion = .current, header: MessageHeader, referencedMessageId: String,
                status: Status, receivedDigest: String, errors: [ProcessingError] = [], auditHead: AuditHead? = nil,
                extensions: [XMLElement] = []) {
        self.schemaVersion = schemaVersion
        self.header = header
        self.referencedMessageId = referencedMessageId
        self.status = status
        self.receivedDigest = receivedDigest
        self.errors = errors
        self.auditHead = auditHead
        self.extensions = extensions
    }

    /// A point of an agency's hash-chained audit log: the sequence number of its last record
    /// and that record's hash (64 lower-case hex digits).
    public struct AuditHead: Sendable, Hashable, Codable {
        public var sequence: Int64
        public var hash: String

        public init(sequence: Int64, hash: String) {
            self.sequence = sequence
            self.hash = hash
        }
    }
}
