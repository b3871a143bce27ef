/// Identity and routing of a message (like the EDIFACT UNB/UNH headers): the same on every
/// message type.
public struct MessageHeader: Sendable, Hashable, Codable {
    /// Globally unique message id; a retry reuses it.
    public var messageId: String
    /// Ties the message to a conversation, e.g. the manifest an answer belongs to.
    public var correlationId: String?
    /// Sending agency, e.g. `SV-DGME`.
    public var sender: String
    /// Receiving agency, e.g. `US-CBP`.
    public var receiver: String
    public var createdAt: Timestamp

    public init(messageId: String, correlationId: String? = nil, sender: String, receiver: String, createdAt: Timestamp) {
        self.messageId = messageId
        self.correlationId = correlationId
        self.sender = sender
        self.receiver = receiver
        self.createdAt = createdAt
    }
}
