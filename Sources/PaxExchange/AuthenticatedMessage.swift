import Crypto
import PaxMessages

/// A message whose Ed25519 signature verified with `key` and whose payload's SHA-256 is the
/// signed digest: proof that a driver authenticated it already (the HTTP layer does, from the
/// request head and then the body), so the agency's `EnvelopeCheck` does not verify or hash
/// the same bytes again on its serial path.
///
/// Only this module makes one (its initialiser is internal): from a `VerifiedEnvelope` (the
/// signature verified here) and a `HashedPayload` (the bytes hashed here, as they were read).
/// Which agencies the key belongs to, the recipient and the replay window are still checked
/// by the agency, against its own configuration.
public struct AuthenticatedMessage: Sendable {
    /// The message, payload attached.
    public let message: SignedMessage
    /// The key its signature verified with.
    public let key: VerificationKey

    init(message: SignedMessage, key: VerificationKey) {
        self.message = message
        self.key = key
    }
}

/// An envelope (payload not attached yet) whose signature verified with `key`.
public struct VerifiedEnvelope: Sendable {
    /// The envelope, its payload empty.
    public let envelope: SignedMessage
    /// The key its signature verified with.
    public let key: VerificationKey

    /// `envelope` if its signature is `key`'s over its signing input, else nil.
    public static func verify(_ envelope: SignedMessage, with key: VerificationKey) -> VerifiedEnvelope? {
        envelope.hasValidSignature(from: key) ? VerifiedEnvelope(envelope: envelope, key: key) : nil
    }

    private init(envelope: SignedMessage, key: VerificationKey) {
        self.envelope = envelope
        self.key = key
    }

    /// The authenticated message when `payload`'s SHA-256 is the signed digest, else nil.
    public func attaching(_ payload: HashedPayload) -> AuthenticatedMessage? {
        guard payload.digest == envelope.payloadDigest else { return nil }
        var message = envelope
        message.payload = payload.bytes
        return AuthenticatedMessage(message: message, key: key)
    }
}

/// Bytes and their SHA-256 (lower-case hex), hashed here as they were collected.
public struct HashedPayload: Sendable {
    public let bytes: [UInt8]
    public let digest: String

    fileprivate init(bytes: [UInt8], digest: String) {
        self.bytes = bytes
        self.digest = digest
    }
}

/// Collects a payload as it arrives in pieces and hashes each piece as it is added, so a body
/// is read and hashed in one pass.
public struct HashingPayloadBuffer {
    private var hasher = SHA256()
    private var bytes: [UInt8] = []

    /// A buffer with room for `capacity` bytes.
    public init(capacity: Int) {
        bytes.reserveCapacity(max(0, capacity))
    }

    /// Bytes collected so far.
    public var count: Int { bytes.count }

    /// Adds `piece`.
    public mutating func append(_ piece: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: piece)
        bytes.append(contentsOf: piece)
    }

    /// Everything collected, with its SHA-256.
    public consuming func finish() -> HashedPayload {
        HashedPayload(bytes: bytes, digest: Hex.encode(hasher.finalize()))
    }
}
