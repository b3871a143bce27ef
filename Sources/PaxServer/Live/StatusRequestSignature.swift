import Foundation
public import PaxExchange

/// A signed status query (`GET /messages/{id}`): the asker names itself in `Pax-Sender`, the
/// time in `Pax-Created-At`, and signs `PAXSIM-STATUS-1\n{id}\n{sender}\n{created}` with its
/// Ed25519 key in `Pax-Signature` (base64). Only the agency itself (its operator, with its own
/// key) and the peer that is the message's other party get an answer.
public enum StatusRequestSignature {
    public static let version = "PAXSIM-STATUS-1"

    static func signingInput(messageId: String, sender: String, createdAt: String) -> [UInt8] {
        Array((version + "\n" + messageId + "\n" + sender + "\n" + createdAt).utf8)
    }

    /// The headers of a status query for `messageId` by `sender`.
    public static func headers(messageId: String, sender: String, key: SigningKey,
                               now: ExchangeTime = LiveAgency.now()) throws -> [(String, String)] {
        let created = ExchangeTimeText.format(now)
        let signature = try key.signature(for: signingInput(messageId: messageId, sender: sender, createdAt: created))
        return [(SignedMessage.Field.sender, sender), (SignedMessage.Field.createdAt, created),
                (SignedMessage.Field.signature, Data(signature).base64EncodedString())]
    }

    /// The authenticated asker, or why not: `keys` are the agencies allowed to ask (the agency
    /// itself and its peers); the query must be fresh within `window` ms either side.
    static func verify(messageId: String, headers: [String: String], keys: [String: VerificationKey],
                       now: ExchangeTime, window: ExchangeTime) -> Result<String, Rejection> {
        guard let sender = headers[SignedMessage.Field.sender.lowercased()],
              let created = headers[SignedMessage.Field.createdAt.lowercased()],
              let signatureText = headers[SignedMessage.Field.signature.lowercased()] else {
            return .failure(Rejection(.malformedFrame, "a status query needs Pax-Sender, Pax-Created-At and Pax-Signature headers"))
        }
        guard let key = keys[sender] else {
            return .failure(Rejection(.unknownSender, "sender '\(sender.prefix(64))' is not a known agency"))
        }
        guard let time = ExchangeTimeText.parse(created), abs(now - time) <= window else {
            return .failure(Rejection(.outsideReplayWindow, "Pax-Created-At is missing, malformed or outside the replay window"))
        }
        guard let signature = Data(base64Encoded: signatureText), signature.count == 64,
              key.isValidSignature(Array(signature), for: signingInput(messageId: messageId, sender: sender, createdAt: created)) else {
            return .failure(Rejection(.badSignature, "status query signature does not verify with \(sender)'s key"))
        }
        return .success(sender)
    }
}
