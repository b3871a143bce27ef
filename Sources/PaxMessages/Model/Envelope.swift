/// A signed wrapper carrying exactly one message between agencies (AS4/ebMS3-style).
public struct Envelope: Sendable, Hashable, Codable {
    public var schemaVersion: SchemaVersion
    /// Transport-level identity and routing.
    public var header: MessageHeader
    /// Schema version of the payload message.
    public var payloadSchemaVersion: SchemaVersion
    /// SHA-256 of the payload message bytes, 64 lower-case hex digits.
    public var payloadDigest: String
    /// The sender's signature over the payload digest.
    public var signature: Signature
    /// The wrapped message.
    public var payload: PaxMessage

    public init(schemaVersion: SchemaVersion = .current, header: MessageHeader, payloadSchemaVersion: SchemaVersion? = nil,
                payloadDigest: String, signature: Signature, payload: PaxMessage) {
        self.schemaVersion = schemaVersion
        self.header = header
        self.payloadSchemaVersion = payloadSchemaVersion ?? payload.schemaVersion
        self.payloadDigest = payloadDigest
        self.signature = signature
        self.payload = payload
    }
}
