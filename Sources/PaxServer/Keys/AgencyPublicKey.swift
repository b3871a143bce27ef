public import Crypto
import CryptoExtras
public import Foundation

/// An agency's Ed25519 public key, as a peer configures it to check that agency's signatures.
public struct AgencyPublicKey: Sendable, Equatable, CustomStringConvertible {
    /// The agency the key belongs to (the `PaxSim-Agency` line of its file).
    public let agency: String
    /// The key itself.
    public let key: Curve25519.Signing.PublicKey

    public init(agency: String, key: Curve25519.Signing.PublicKey) {
        self.agency = agency
        self.key = key
    }

    /// The standard SubjectPublicKeyInfo DER encoding (RFC 8410).
    public var derBytes: [UInt8] { Array(key.derRepresentation) }

    /// SHA-256 of the SubjectPublicKeyInfo DER, lowercase hex: the same value as
    /// `openssl pkey -pubin -in US-CBP.pub -outform DER | sha256sum`.
    public var fingerprint: String {
        SHA256.hash(data: derBytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// True when `signature` is this agency's Ed25519 signature over `data`.
    public func isValidSignature(_ signature: some DataProtocol, for data: some DataProtocol) -> Bool {
        key.isValidSignature(signature, for: data)
    }

    /// The file text (`PaxSim-Agency` line and `PUBLIC KEY` PEM block).
    public var fileText: String {
        KeyFileFormat.render(agency: agency, label: "PUBLIC KEY", der: derBytes)
    }

    /// Parses a public key file's text; `path` is only used in errors.
    public init(fileText: String, path: String) throws(KeyFileError) {
        let contents = try KeyFileFormat.parse(fileText, label: "PUBLIC KEY", path: path)
        do {
            key = try Curve25519.Signing.PublicKey(derRepresentation: contents.der)
        } catch {
            throw KeyFileError(path: path, line: contents.beginLine,
                               reason: "not an Ed25519 public key (SubjectPublicKeyInfo, RFC 8410)")
        }
        agency = contents.agency
    }

    /// Reads a public key file (`US-CBP.pub`).
    public static func load(path: String) throws(KeyFileError) -> AgencyPublicKey {
        try AgencyPublicKey(fileText: try KeyFileFormat.read(path: path), path: path)
    }

    public static func == (left: AgencyPublicKey, right: AgencyPublicKey) -> Bool {
        left.agency == right.agency && left.key.rawRepresentation == right.key.rawRepresentation
    }

    public var description: String { "\(agency) Ed25519 SHA256:\(fingerprint)" }
}
