/// Why a receiver refused a message, in the order it checks (see `EnvelopeCheck`).
///
/// Envelope-level refusals (everything before `schemaInvalid`) are never answered with a
/// signed message: until the signature checks, the claimed sender is not known to be the
/// real one, and a signed answer would be an oracle for forgers and a reflector for
/// floods. The simulator records and drops them; the live driver may answer with an unsigned
/// HTTP status carrying the code. The sender's retries recover from transient corruption.
/// `schemaInvalid` and `envelopeMismatch` come from authenticated senders and are answered
/// with a signed, rejecting `Acknowledgement`.
public enum RejectionReason: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case malformedFrame = "malformed-frame"
    case unknownSender = "unknown-sender"
    case wrongRecipient = "wrong-recipient"
    case outsideReplayWindow = "outside-replay-window"
    case digestMismatch = "digest-mismatch"
    case badSignature = "bad-signature"
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
        case .schemaInvalid, .envelopeMismatch, .unexpectedMessage: false
        }
    }
}

/// A refusal: the reason code and a sentence saying what exactly was wrong.
public struct Rejection: Error, Sendable, Hashable {
    public var reason: RejectionReason
    public var detail: String
    /// The message id the bytes claimed, when they could be read (not trusted).
    public var claimedMessageId: String?

    public init(_ reason: RejectionReason, _ detail: String, claimedMessageId: String? = nil) {
        self.reason = reason
        self.detail = detail
        self.claimedMessageId = claimedMessageId
    }
}
