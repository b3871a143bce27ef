import Crypto
import CryptoExtras
public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An agency's own Ed25519 key pair: it signs the agency's outgoing envelopes.
///
/// The private key never leaves this value except into its own file (mode 0600): the
/// descriptions and the mirror show only the agency and the public key's fingerprint, so a
/// key pair that ends up in a log line or a `dump` prints no secret.
public struct AgencyKeyPair: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let agency: String
    let privateKey: Curve25519.Signing.PrivateKey

    /// A fresh key pair from the system's secure random generator.
    public static func generate(agency: String) throws(KeyFileError) -> AgencyKeyPair {
        if let problem = AgencyIdentifier.problem(with: agency) { throw KeyFileError(path: "--agency", line: 0, reason: problem) }
        return AgencyKeyPair(agency: agency, privateKey: Curve25519.Signing.PrivateKey())
    }

    private init(agency: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.agency = agency
        self.privateKey = privateKey
    }

    /// The public half, to hand to peers.
    public var publicKey: AgencyPublicKey { AgencyPublicKey(agency: agency, key: privateKey.publicKey) }

    /// This agency's Ed25519 signature over `data`.
    public func signature(for data: some DataProtocol) throws -> [UInt8] {
        Array(try privateKey.signature(for: data))
    }

    /// The private key file's text (`PaxSim-Agency` line and PKCS#8 `PRIVATE KEY` PEM block).
    /// Only for writing the key file.
    var privateFileText: String {
        KeyFileFormat.render(agency: agency, label: "PRIVATE KEY", der: Array(privateKey.derRepresentation))
    }

    /// Parses a private key file's text (no permission check: see `load(path:)`).
    public init(privateFileText: String, path: String) throws(KeyFileError) {
        let contents = try KeyFileFormat.parse(privateFileText, label: "PRIVATE KEY", path: path)
        do {
            privateKey = try Curve25519.Signing.PrivateKey(derRepresentation: contents.der)
        } catch {
            throw KeyFileError(path: path, line: contents.beginLine, reason: "not an Ed25519 private key (PKCS#8, RFC 8410)")
        }
        agency = contents.agency
    }

    /// Reads a private key file, refusing one that group or others may read or write
    /// (as ssh does): a key others could read is no longer this agency's alone.
    public static func load(path: String) throws(KeyFileError) -> AgencyKeyPair {
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & 0o077 != 0 {
            let mode = String(status.st_mode & 0o777, radix: 8)
            throw KeyFileError(path: path, line: 0,
                               reason: "private key is accessible to group or others (mode 0\(mode)); run `chmod 600 \(path)`")
        }
        return try AgencyKeyPair(privateFileText: try KeyFileFormat.read(path: path), path: path)
    }

    /// Where `write(to:replace:)` put the two files.
    public struct WrittenFiles: Sendable {
        public var privateKeyPath: String
        public var publicKeyPath: String
    }

    /// Writes `AGENCY.key` (mode 0600) and `AGENCY.pub` (mode 0644) into `directory`,
    /// both or neither; an existing file is kept and reported unless `replace` is true.
    @discardableResult
    public func write(to directory: String, replace: Bool) throws(FileWriteError) -> WrittenFiles {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let files = WrittenFiles(privateKeyPath: "\(base.isEmpty ? "." : base)/\(agency).key",
                                 publicKeyPath: "\(base.isEmpty ? "." : base)/\(agency).pub")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base.isEmpty ? "." : base, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FileWriteError(path: directory, reason: "no such directory")
        }
        try SecureFileWriter.write([
            .init(path: files.privateKeyPath, bytes: Array(privateFileText.utf8), mode: 0o600),
            .init(path: files.publicKeyPath, bytes: Array(publicKey.fileText.utf8), mode: 0o644),
        ], replace: replace)
        return files
    }

    public var description: String { "AgencyKeyPair(\(agency), public SHA256:\(publicKey.fingerprint), private key not shown)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["agency": agency, "publicKey": publicKey.fingerprint]) }
}
