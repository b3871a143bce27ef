import Foundation
public import PaxExchange
import PaxMessages

/// A signed status query (`GET /messages/{id}`): the asker names itself in `Pax-Sender`, the
/// agency asked in `Pax-Receiver`, the time in `Pax-Created-At` and a fresh random nonce in
/// `Pax-Nonce`, and signs `PAXSIM-STATUS-2\n{id}\n{sender}\n{receiver}\n{created}\n{nonce}`
/// with its Ed25519 key in `Pax-Signature` (base64). A query is good for one agency, once,
/// and only within the messages' clock skew tolerance of the receiver's clock. Only the
/// agency itself (its operator, with its own key) and the peer that is the message's other
/// party get an answer.
public enum StatusRequestSignature {
    public static let version = "PAXSIM-STATUS-2"
    public static let nonceField = "Pax-Nonce"

    static func signingInput(messageId: String, sender: String, receiver: String, createdAt: String, nonce: String) -> [UInt8] {
        Array([version, messageId, sender, receiver, createdAt, nonce].joined(separator: "\n").utf8)
    }

    /// The headers of a status query for `messageId` by `sender`, to `receiver`.
    public static func headers(messageId: String, sender: String, receiver: String, key: SigningKey,
                               now: ExchangeTime = LiveAgency.now()) throws -> [(String, String)] {
        let created = ExchangeTimeText.format(now)
        var generator = SystemRandomNumberGenerator()
        let nonce = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.map {
            String(repeating: "0", count: 16 - $0.count) + $0
        }.joined()
        let signature = try key.signature(for: signingInput(messageId: messageId, sender: sender, receiver: receiver,
                                                            createdAt: created, nonce: nonce))
        return [(SignedMessage.Field.sender, sender), (SignedMessage.Field.receiver, receiver),
                (SignedMessage.Field.createdAt, created), (nonceField, nonce),
                (SignedMessage.Field.signature, Data(signature).base64EncodedString())]
    }

    /// The authenticated asker, or why not: `keys` are the agencies allowed to ask, `me` the
    /// agency asked; the query must be within `skew` ms of `now` and its nonce unused
    /// (`nonces` remembers it once the signature verifies).
    static func verify(messageId: String, headers: [String: String], keys: [String: VerificationKey], me: String,
                       now: ExchangeTime, skew: ExchangeTime, nonces: NonceCache) -> Result<String, StatusQueryRefusal> {
        guard let sender = headers[SignedMessage.Field.sender.lowercased()],
              let receiver = headers[SignedMessage.Field.receiver.lowercased()],
              let created = headers[SignedMessage.Field.createdAt.lowercased()],
              let nonce = headers[nonceField.lowercased()],
              let signatureText = headers[SignedMessage.Field.signature.lowercased()] else {
            return .failure(.init(.malformedFrame, "a status query needs Pax-Sender, Pax-Receiver, Pax-Created-At, Pax-Nonce and Pax-Signature headers"))
        }
        guard (16...128).contains(nonce.utf8.count), nonce.utf8.allSatisfy(Hex.isDigit) else {
            return .failure(.init(.malformedFrame, "Pax-Nonce must be 16 to 128 lower-case hex digits"))
        }
        guard let key = keys[sender] else {
            return .failure(.init(.unknownSender, "sender '\(sender.prefix(64))' may not query this listener"))
        }
        guard receiver == me else {
            return .failure(.init(.wrongRecipient, "the query is addressed to '\(receiver.prefix(64))', not \(me)"))
        }
        guard let time = ExchangeTimeText.parse(created), abs(now - time) <= skew else {
            return .failure(.init(.outsideReplayWindow, "Pax-Created-At is missing, malformed or more than \(skew) ms from this agency's clock"))
        }
        guard let signature = Data(base64Encoded: signatureText), signature.count == 64,
              key.isValidSignature(Array(signature), for: signingInput(messageId: messageId, sender: sender, receiver: receiver,
                                                                       createdAt: created, nonce: nonce)) else {
            return .failure(.init(.badSignature, "status query signature does not verify with \(sender)'s key"))
        }
        switch nonces.use(sender + " " + nonce, expires: time + skew, now: now) {
        case .fresh: return .success(sender)
        case .replayed: return .failure(StatusQueryRefusal(code: "replayed-query", status: 409, detail: "this status query was already answered"))
        case .full: return .failure(StatusQueryRefusal(code: "busy", status: 503, detail: "too many status queries; retry shortly"))
        }
    }
}

/// Why a status query was refused: a code, its HTTP status and a sentence.
struct StatusQueryRefusal: Error {
    var code: String
    var status: Int
    var detail: String

    init(code: String, status: Int, detail: String) {
        self.code = code
        self.status = status
        self.detail = detail
    }

    init(_ reason: RejectionReason, _ detail: String) {
        self.init(code: reason.rawValue, status: ExchangeIntake.status(for: reason), detail: detail)
    }
}
