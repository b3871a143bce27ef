import Crypto
import PaxMessages
import Foundation

/// One message as it travels: the envelope fields, the payload's exact bytes, and an Ed25519
/// signature over a canonical signing input that covers every field and the payload digest.
///
/// The receiver can authenticate it before touching the payload (see `EnvelopeCheck`): the
/// envelope is a handful of short text fields, the payload is only hashed.
public struct SignedMessage: Sendable, Hashable {
    public var messageId: String
    /// The message this one belongs to or answers (the manifest's id for its assessment,
    /// the request's id for a reply); empty when there is none.
    public var correlationId: String
    public var sender: String
    public var receiver: String
    public var createdAt: ExchangeTime
    public var schemaVersion: String
    /// Lower-case hex SHA-256 of `payload`.
    public var payloadDigest: String
    /// 64-byte Ed25519 signature over `signingInput`.
    public var signature: [UInt8]
    public var payload: [UInt8]

    public init(messageId: String, correlationId: String, sender: String, receiver: String, createdAt: ExchangeTime,
                schemaVersion: String, payloadDigest: String, signature: [UInt8], payload: [UInt8]) {
        self.messageId = messageId
        self.correlationId = correlationId
        self.sender = sender
        self.receiver = receiver
        self.createdAt = createdAt
        self.schemaVersion = schemaVersion
        self.payloadDigest = payloadDigest
        self.signature = signature
        self.payload = payload
    }

    /// Builds and signs a message around `payload`.
    public static func signed(messageId: String, correlationId: String, sender: String, receiver: String,
                              createdAt: ExchangeTime, schemaVersion: String = "1.0", payload: [UInt8],
                              key: SigningKey) throws -> SignedMessage {
        var message = SignedMessage(messageId: messageId, correlationId: correlationId, sender: sender, receiver: receiver,
                                    createdAt: createdAt, schemaVersion: schemaVersion,
                                    payloadDigest: Self.digest(of: payload), signature: [], payload: payload)
        message.signature = try key.signature(for: message.signingInput)
        return message
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func digest(of bytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: bytes))
    }

    /// Version tag that starts the signing input; a new layout gets a new tag.
    public static let signingInputVersion = "PAXSIM-SIG-1"

    /// The bytes the signature covers: `PAXSIM-SIG-1`, a zero byte, then each field as a
    /// 4-byte big-endian length and its UTF-8 bytes, in this order: message id, correlation
    /// id, sender, receiver, created-at (wire text), schema version, payload digest (hex).
    /// Length prefixes make the encoding unambiguous whatever the fields contain.
    public var signingInput: [UInt8] {
        var bytes = Array(Self.signingInputVersion.utf8)
        bytes.append(0)
        for field in [messageId, correlationId, sender, receiver, ExchangeTimeText.format(createdAt), schemaVersion,
                      payloadDigest] {
            let utf8 = Array(field.utf8)
            let length = UInt32(truncatingIfNeeded: utf8.count)
            bytes += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            bytes += utf8
        }
        return bytes
    }

    /// True when `signature` is `key`'s signature over `signingInput`.
    public func hasValidSignature(from key: VerificationKey) -> Bool {
        signature.count == 64 && key.isValidSignature(signature, for: signingInput)
    }
}
