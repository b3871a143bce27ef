import Foundation

/// A detached signature over an envelope's payload digest.
public struct Signature: Sendable, Hashable, Codable {
    public enum Algorithm: String, Sendable, Hashable, Codable, CaseIterable {
        /// EdDSA over Curve25519 (RFC 8032): 64-byte signatures. The only algorithm in v1.
        case ed25519 = "Ed25519"
    }

    public var algorithm: Algorithm
    /// The raw signature bytes (64 for Ed25519); base64 in XML and JSON.
    public var bytes: [UInt8]

    public init(algorithm: Algorithm = .ed25519, bytes: [UInt8]) {
        self.algorithm = algorithm
        self.bytes = bytes
    }

    /// Canonical base64: standard alphabet, padded, on one line.
    public var base64: String { Data(bytes).base64EncodedString() }

    /// Decodes base64, ignoring XML whitespace between characters (as `xs:base64Binary`
    /// allows); nil when the text is not base64.
    public init?(algorithm: Algorithm = .ed25519, base64 text: String) {
        let compact = String(text.unicodeScalars.filter { !XMLText.isWhitespace($0) })
        guard let data = Data(base64Encoded: compact) else { return nil }
        self.init(algorithm: algorithm, bytes: Array(data))
    }

    private enum CodingKeys: String, CodingKey { case algorithm, value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let algorithm = try container.decode(Algorithm.self, forKey: .algorithm)
        let text = try container.decode(String.self, forKey: .value)
        guard let signature = Signature(algorithm: algorithm, base64: text) else {
            throw DecodingError.dataCorruptedError(forKey: .value, in: container, debugDescription: "not base64")
        }
        self = signature
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(algorithm, forKey: .algorithm)
        try container.encode(base64, forKey: .value)
    }
}
