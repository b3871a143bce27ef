public import PaxExchange

/// Who is asking, as far as the HTTP layer knows: the agency the request claims to come from
/// (the `Pax-Sender` header, not yet authenticated) and the client address.
public struct IntakeRequester: Sendable, Equatable {
    public var claimedAgency: String?
    public var remoteAddress: String

    public init(claimedAgency: String?, remoteAddress: String) {
        self.claimedAgency = claimedAgency
        self.remoteAddress = remoteAddress
    }
}

/// What the agency answers: an HTTP status, a content type and the bytes (an acknowledgement,
/// a status document, an error), and extra headers.
public struct IntakeResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    public var headers: [String: String]

    public init(status: Int, contentType: String = "application/xml", body: [UInt8], headers: [String: String] = [:]) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }
}

/// A request head whose signature verified: the envelope (its payload still empty) and the
/// number of body bytes to read, whose SHA-256 must be `envelope.payloadDigest`.
public struct AuthenticatedHead: Sendable {
    /// The envelope with the proof that its signature verified (see `AuthenticatedMessage`).
    public var verified: VerifiedEnvelope
    public var payloadLength: Int

    public var envelope: SignedMessage { verified.envelope }

    public init(verified: VerifiedEnvelope, payloadLength: Int) {
        self.verified = verified
        self.payloadLength = payloadLength
    }
}

/// The outcome of authenticating a request from its headers alone.
public enum IntakeVerdict<Value: Sendable>: Sendable {
    case authenticated(Value)
    /// Refused before the sender was authenticated: the refusal's code (for metrics and the
    /// audit summary) and the answer.
    case refused(code: String, IntakeResponse)
}

/// The agency behind the HTTP server. The HTTP layer bounds, times, rate-limits, measures and
/// routes; it asks the intake to authenticate each request from its head (sender, recipient,
/// replay window, signature over the digest) before reading a byte of the body, reads and
/// hashes the body only for an authenticated head, and hands the message over only when the
/// body's SHA-256 is the signed digest.
public protocol MessageIntake: Sendable {
    /// Authenticates a message from its head: `fields` are the request's headers (names in
    /// any case, repeats kept); `operator` selects the operator endpoint's key.
    func authenticate(fields: [(String, String)], operator: Bool) -> IntakeVerdict<AuthenticatedHead>
    /// An authenticated message whose payload matches its signed digest.
    func submit(_ message: AuthenticatedMessage, operator: Bool) async -> IntakeResponse
    /// Authenticates a status query for `messageId` (`headers`: lowercased names); the asker's id.
    func authenticateStatusQuery(messageId: String, headers: [String: String], operator: Bool) -> IntakeVerdict<String>
    /// The status of `messageId` if `asker` may see it.
    func status(messageId: String, asker: String) async -> IntakeResponse
}
