/// Why a receiver refused a message, in the order it checks (see `EnvelopeCheck`).
///
/// Envelope-level refusals (everything before `schemaInvalid`) are never answered with a
/// signed message: until the signature checks, the claimed sender is not known to be the
/// real one, and a signed answer would be an oracle for forgers and a reflector for
/// floods. The simulator records and drops them; the live driver may answer with an unsigned
/// HTTP status carrying the code. The sender's retries recover from transient corruption.
/// `idReused` comes from an authenticated sender that signed new bytes under an id it used
/// before: it is never applied and never answered (the first answer stands for that id).
/// `foreignId`, `schemaInvalid`, `envelopeMismatch` and `unexpectedMessage` come from
/// authenticated senders and are answered with a signed, rejecting `Acknowledgement`.
public enum RejectionReason: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case malformedFrame = "malformed-frame"
    case unknownSender = "unknown-sender"
    case wrongRecipient = "wrong-recipient"
    case outsideReplayWindow = "outside-replay-window"
    case digestMismatch = "digest-mismatch"
    case badSignature = "bad-signature"
    /// The sender already used this message id for other bytes.
    case idReused = "id-reused"
    /// The message id is not in the sender's namespace (`SENDER:…`).
    case foreignId = "foreign-id"
    case schemaInvalid = "schema-invalid"
    case envelopeMismatch = "envelope-mismatch"
    case unexpectedMessage = "unexpected-message"

    public static func < (a: RejectionReason, b: RejectionReason) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }

    /// True for refusals decided before the sender is authenticated (never answered).
    public var isEnvelopeLevel: Bool {
        switch self {
        case .malformedFrame, .unknownSender, .wrongRecipient, .outsideReplayWindow, .digestMismatch, .badSignature: true
        case .idReused, .foreignId, .schemaInvalid, .envelopeMismatch, .unexpectedMessage: false
        }
    }
}

/// A refusal: the reason code and a sentence saying what exactly was wrong.
public struct Rejection: Error, Sendable, Hashable {
    public var reason: RejectionReason
    public var detail: String
    /// The message id the bytes claimed, when they could be read (not trusted).
    public var claimedMessageId: String?
    /// The sender, when the signature proved it (refusals after authentication).
    public var authenticatedSender: String?

    public init(_ reason: RejectionReason, _ detail: String, claimedMessageId: String? = nil,
                authenticatedSender: String? = nil) {
        self.reason = reason
        self.detail = detail
        self.claimedMessageId = claimedMessageId
        self.authenticatedSender = authenticatedSender
    }
}
