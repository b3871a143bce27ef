import Crypto
import Foundation
import NIOSSL
import X509

/// The console's TLS material as loaded from its files: the certificate chain and key it serves
/// to browsers, and a server context that asks for no client certificate. Immutable: a reload
/// (SIGHUP) builds a new value and new connections use it (see `ConsoleTLSStore`).
public struct ConsoleTLSMaterial: Sendable {
    /// SHA-256 of the certificate (DER), lower-case hex: what a browser's certificate viewer
    /// shows, and `openssl x509 -noout -fingerprint -sha256` (without the colons).
    public let fingerprint: String
    /// Base64 SHA-256 of the certificate's SubjectPublicKeyInfo: what Chromium's
    /// `--ignore-certificate-errors-spki-list` and HPKP-style pins take.
    public let publicKeySHA256: String
    public let minimumVersion: AgencyTLSSettings.MinimumVersion
    let context: NIOSSLContext

    /// The fingerprint as browsers' certificate viewers and `openssl x509 -fingerprint -sha256`
    /// show it: upper-case hex pairs separated by colons.
    public var displayedFingerprint: String {
        var pairs: [String] = []
        var rest = Substring(fingerprint.uppercased())
        while !rest.isEmpty {
            pairs.append(String(rest.prefix(2)))
            rest = rest.dropFirst(2)
        }
        return pairs.joined(separator: ":")
    }

    /// Loads the files `settings` names (the agency's own certificate with `agencyCertificate`);
    /// throws naming the file and what is wrong with it.
    public static func load(_ settings: ConsoleTLSSettings, agency: AgencyTLSSettings?) throws(AgencySetupError) -> ConsoleTLSMaterial {
        let (certificatePath, privateKeyPath) = try settings.files(agency: agency)
        let chain = try AgencyTLSMaterial.readCertificates(certificatePath, what: "console certificate")
        try AgencyTLSMaterial.refuseReadableByOthers(privateKeyPath)
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: privateKeyPath, format: .pem)
        } catch {
            throw AgencySetupError("\(privateKeyPath): not a PEM private key (\(error))")
        }
        guard let leaf = chain.first, let leafDER = try? leaf.toDERBytes(),
              let parsed = try? Certificate(derEncoded: leafDER),
              let spki = try? leaf.extractPublicKey().toSPKIBytes() else {
            throw AgencySetupError("\(certificatePath): the console certificate cannot be parsed")
        }
        let now = Date()
        guard parsed.notValidBefore <= now, now <= parsed.notValidAfter else {
            throw AgencySetupError("\(certificatePath): the console certificate is valid from \(parsed.notValidBefore) to \(parsed.notValidAfter), not now")
        }
        var server = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                              privateKey: .privateKey(key))
        server.minimumTLSVersion = settings.minimumVersion == .tls13 ? .tlsv13 : .tlsv12
        // A browser is the client: server authentication only, operators log in with the token.
        server.certificateVerification = .none
        server.applicationProtocols = ["http/1.1"]
        server.shutdownTimeout = AgencyTLSMaterial.serverShutdownTimeout
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: server)
        } catch {
            throw AgencySetupError("\(certificatePath), \(privateKeyPath): cannot make a TLS context (does the key match the certificate?): \(error)")
        }
        return ConsoleTLSMaterial(fingerprint: AgencyCertificateName.fingerprint(der: leafDER),
                                  publicKeySHA256: Data(SHA256.hash(data: spki)).base64EncodedString(),
                                  minimumVersion: settings.minimumVersion, context: context)
    }
}
