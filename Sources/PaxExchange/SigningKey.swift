import Crypto

/// An agency's Ed25519 signing key, held as its 32 raw bytes so configurations stay
/// `Sendable` (swift-crypto's key types are not); the Crypto key is made when signing.
public struct SigningKey: Sendable, Hashable {
    public let rawRepresentation: [UInt8]
    public let publicKey: VerificationKey

    /// A key from 32 raw bytes (from a seeded generator in the simulator, a key file live).
    public init(rawRepresentation: [UInt8]) throws {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation)
        self.rawRepresentation = rawRepresentation
        publicKey = VerificationKey(trustedRaw: Array(key.publicKey.rawRepresentation))
    }

    /// A fresh random key (system randomness).
    public static func random() -> SigningKey {
        let key = Curve25519.Signing.PrivateKey()
        // A key swift-crypto just made always reloads from its own bytes.
        return (try? SigningKey(rawRepresentation: Array(key.rawRepresentation)))
            ?? SigningKey(raw: Array(key.rawRepresentation), publicRaw: Array(key.publicKey.rawRepresentation))
    }

    private init(raw: [UInt8], publicRaw: [UInt8]) {
        rawRepresentation = raw
        publicKey = VerificationKey(trustedRaw: publicRaw)
    }

    /// The Ed25519 signature of `data` (64 bytes; deterministic, RFC 8032).
    public func signature(for data: [UInt8]) throws -> [UInt8] {
        Array(try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation).signature(for: data))
    }
}

/// An Ed25519 public key (32 raw bytes).
public struct VerificationKey: Sendable, Hashable {
    public let rawRepresentation: [UInt8]

    public init(rawRepresentation: [UInt8]) throws {
        _ = try Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)
        self.rawRepresentation = rawRepresentation
    }

    init(trustedRaw: [UInt8]) { rawRepresentation = trustedRaw }

    public func isValidSignature(_ signature: [UInt8], for data: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return false }
        return key.isValidSignature(signature, for: data)
    }
}
