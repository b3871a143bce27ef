/// The receiver's authentication of raw bytes, before any payload parsing, in this order:
/// frame well-formed, sender known, addressed to me, created-at inside the replay window
/// (allowing for clock skew), digest matches the payload, signature valid. A message a driver
/// authenticated already (`AuthenticatedMessage`) skips the digest and, for the same key, the
/// signature; every other check stays.
public struct EnvelopeCheck: Sendable {
    public var me: String
    public var peers: [String: Peer]
    public var timing: ExchangeTiming

    public init(me: String, peers: [String: Peer], timing: ExchangeTiming) {
        self.me = me
        self.peers = peers
        self.timing = timing
    }

    /// The authenticated message, or the first refusal.
    public func check(_ bytes: [UInt8], now: ExchangeTime) -> Result<SignedMessage, Rejection> {
        let message: SignedMessage
        do {
            message = try WireFrame.decode(bytes)
        } catch {
            return .failure(Rejection(.malformedFrame, error.description))
        }
        return check(message, now: now, authenticatedWith: nil)
    }

    /// `check(_:now:)` for a message a driver authenticated already (`AuthenticatedMessage`):
    /// the same checks and refusals in the same order, except that the digest (proven) is not
    /// computed again, nor the signature verified again when it verified with the key this
    /// agency holds for the sender.
    public func check(_ authenticated: AuthenticatedMessage, now: ExchangeTime) -> Result<SignedMessage, Rejection> {
        check(authenticated.message, now: now, authenticatedWith: authenticated.key)
    }

    private func check(_ message: SignedMessage, now: ExchangeTime, authenticatedWith key: VerificationKey?)
        -> Result<SignedMessage, Rejection> {
        let id = message.messageId
        guard let peer = peers[message.sender] else {
            return .failure(Rejection(.unknownSender, "sender '\(message.sender.prefix(64))' is not a known agency", claimedMessageId: id))
        }
        guard message.receiver == me else {
            return .failure(Rejection(.wrongRecipient, "addressed to '\(message.receiver.prefix(64))', not \(me)", claimedMessageId: id))
        }
        let age = ExchangeTimeArithmetic.difference(now, message.createdAt)
        if age > timing.replayWindow + timing.skewTolerance || age < -timing.skewTolerance {
            return .failure(Rejection(.outsideReplayWindow,
                                      "created \(age) ms before my clock; accepted from \(-timing.skewTolerance) to \(timing.replayWindow + timing.skewTolerance) ms",
                                      claimedMessageId: id))
        }
        guard key != nil || SignedMessage.digest(of: message.payload) == message.payloadDigest else {
            return .failure(Rejection(.digestMismatch, "payload SHA-256 differs from \(SignedMessage.Field.payloadDigest)", claimedMessageId: id))
        }
        guard key == peer.publicKey || message.hasValidSignature(from: peer.publicKey) else {
            return .failure(Rejection(.badSignature, "Ed25519 signature does not verify with \(peer.id)'s key", claimedMessageId: id))
        }
        return .success(message)
    }
}
