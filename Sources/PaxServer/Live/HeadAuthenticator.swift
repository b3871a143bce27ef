import Foundation
public import PaxExchange

/// Authenticates a message from its HTTP head alone, in `EnvelopeCheck`'s order less the
/// digest: envelope fields well-formed, sender known, addressed to me, created inside the
/// replay window (with the skew tolerance), Ed25519 signature valid. The signature covers the
/// payload digest, so the body can be read afterwards and only compared with it.
public struct HeadAuthenticator: Sendable {
    public let me: String
    public let keys: [String: VerificationKey]
    public let timing: ExchangeTiming

    public init(me: String, keys: [String: VerificationKey], timing: ExchangeTiming) {
        self.me = me
        self.keys = keys
        self.timing = timing
    }

    /// The envelope (payload empty) and the signed payload length, or the first refusal.
    /// `fields` are all of the request's headers; only the `Pax-*` envelope fields are read.
    public func authenticate(_ fields: [(String, String)], now: ExchangeTime) -> Result<AuthenticatedHead, Rejection> {
        var envelope: [(String, String)] = []
        var length: Int? = nil
        for (name, value) in fields {
            guard let field = SignedMessage.Field.named(name) else { continue }
            if field == SignedMessage.Field.payloadLength {
                guard length == nil, value.utf8.count <= 12, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let parsed = Int(value),
                      parsed <= WireFrame.maxPayloadBytes else {
                    return .failure(Rejection(.malformedFrame, "\(SignedMessage.Field.payloadLength) is missing, repeated or not a length"))
                }
                length = parsed
                // The strict parser compares the length with the payload it is given: none yet.
                envelope.append((name, "0"))
            } else {
                envelope.append((name, value))
            }
        }
        guard let length else {
            return .failure(Rejection(.malformedFrame, "header field \(SignedMessage.Field.payloadLength) missing"))
        }
        let message: SignedMessage
        do {
            message = try SignedMessage(headerFields: envelope, payload: [])
        } catch {
            return .failure(Rejection(.malformedFrame, error.description))
        }
        let id = message.messageId
        guard let key = keys[message.sender] else {
            return .failure(Rejection(.unknownSender, "sender '\(message.sender.prefix(64))' is not a known agency", claimedMessageId: id))
        }
        guard message.receiver == me else {
            return .failure(Rejection(.wrongRecipient, "addressed to '\(message.receiver.prefix(64))', not \(me)", claimedMessageId: id))
        }
        let age = now - message.createdAt
        if age > timing.replayWindow + timing.skewTolerance || -age > timing.skewTolerance {
            return .failure(Rejection(.outsideReplayWindow,
                                      "created \(age) ms before my clock; accepted from \(-timing.skewTolerance) to \(timing.replayWindow + timing.skewTolerance) ms",
                                      claimedMessageId: id))
        }
        guard let verified = VerifiedEnvelope.verify(message, with: key) else {
            return .failure(Rejection(.badSignature, "Ed25519 signature does not verify with \(message.sender)'s key", claimedMessageId: id))
        }
        return .success(AuthenticatedHead(verified: verified, payloadLength: length))
    }
}
