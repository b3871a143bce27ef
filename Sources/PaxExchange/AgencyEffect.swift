/// What an agency asks its driver to do, in order. A `commit` comes before the sends it
/// enables; a driver that cannot commit must not send.
public enum AgencyEffect: Sendable {
    /// Persist atomically.
    case commit(StoreTransaction)
    /// Put bytes on the wire to `peer`. `messageId` is the frame's own id for a request and
    /// the answered request's id for a reply.
    case send(peer: String, messageId: String, frame: [UInt8], kind: SendKind)
    /// Deliver `timer` at `at` (agency clock) unless the agency restarts first.
    case setTimer(AgencyTimer, at: ExchangeTime)
    /// Tell an operator.
    case alert(AgencyAlert)
    /// Report: incoming bytes were refused.
    case refused(Rejection)
    /// Report: a duplicate was recognised and not processed again.
    case duplicateSuppressed(messageId: String)
}

/// Why bytes are sent.
public enum SendKind: Sendable, Hashable {
    /// A request's attempt (1 = first send).
    case request(attempt: Int)
    /// The answer to `requestId`, first time.
    case reply(to: String)
    /// The stored answer to `requestId`, resent for a duplicate.
    case repeatedReply(to: String)
}

/// Something an operator must hear about.
public struct AgencyAlert: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case retriesExhausted = "retries-exhausted"
        case assessmentMissing = "assessment-missing"
    }

    public var kind: Kind
    public var messageId: String
    public var detail: String

    public init(kind: Kind, messageId: String, detail: String) {
        self.kind = kind
        self.messageId = messageId
        self.detail = detail
    }
}
