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
    /// Elements of other namespaces (later minor versions, vendors), kept in order.
    public var extensions: [XMLElement]

    public init(schemaVersion: SchemaVersion = .current, header: MessageHeader, referencedMessageId: String,
                status: Status, receivedDigest: String, errors: [ProcessingError] = [], extensions: [XMLElement] = []) {
        self.schemaVersion = schemaVersion
        self.header = header
        self.referencedMessageId = referencedMessageId
        self.status = status
        self.receivedDigest = receivedDigest
        self.errors = errors
        self.extensions = extensions
    }
}
