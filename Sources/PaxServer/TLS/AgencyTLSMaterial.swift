public import Foundation
public import NIOSSL
import NIOCore
import X509
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An agency's TLS material as loaded from the files its configuration names: the certificate
/// and key it serves with and presents to peers, and what each peer's certificate is checked
/// against (its pinned certificates, or the peers' CA). Immutable: a reload (SIGHUP) builds a
/// new value and new connections use it (see `TLSMaterialStore`).
public struct AgencyTLSMaterial: Sendable {
    /// A peer's pinned certificates (one, or two during a change-over).
    struct Pins: Sendable {
        var fingerprints: Set<String>
        var certificates: [NIOSSLCertificate]
    }

    public let agency: String
    /// Configured peers, the only agencies whose certificates are admitted.
    public let peers: [String]
    /// SHA-256 of this agency's own certificate (DER), lower-case hex.
    public let fingerprint: String
    public let minimumVersion: AgencyTLSSettings.MinimumVersion
    let chain: [NIOSSLCertificate]
    let privateKey: NIOSSLPrivateKey
    let authorities: [Certificate]
    let authorityCertificates: [NIOSSLCertificate]
    let pins: [String: Pins]
    /// The server side's context, made once per material (every connection shares it).
    let serverContext: NIOSSLContext
    /// Per peer: what a connection to it presents and verifies.
    let clientConfigurations: [String: TLSConfiguration]

    /// Loads every file; throws naming the file and what is wrong with it.
    public static func load(agency: String, settings: AgencyTLSSettings,
                            peers: [AgencyServiceConfiguration.Peer]) throws(AgencySetupError) -> AgencyTLSMaterial {
        let chain = try readCertificates(settings.certificatePath, what: "certificate")
        try refuseReadableByOthers(settings.privateKeyPath)
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: settings.privateKeyPath, format: .pem)
        } catch {
            throw AgencySetupError("\(settings.privateKeyPath): not a PEM private key (\(error))")
        }
        guard let leaf = chain.first, let leafDER = try? leaf.toDERBytes(),
              let parsed = try? Certificate(derEncoded: leafDER) else {
            throw AgencySetupError("\(settings.certificatePath): the certificate cannot be parsed")
        }
        let names = dnsNames(of: parsed)
        guard names.contains(AgencyCertificateName.dnsName(of: agency)) else {
            throw AgencySetupError("\(settings.certificatePath): the certificate does not name \(agency) (expected the DNS name \(AgencyCertificateName.dnsName(of: agency)) among its subject alternative names; found \(names.sorted()))")
        }
        var authorityCertificates: [NIOSSLCertificate] = []
        var authorities: [Certificate] = []
        if let path = settings.peersCAPath {
            authorityCertificates = try readCertificates(path, what: "CA certificate")
            for certificate in authorityCertificates {
                guard let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else {
                    throw AgencySetupError("\(path): a CA certificate cannot be parsed")
                }
                authorities.append(parsed)
            }
        }
        var pins: [String: Pins] = [:]
        for peer in peers where !peer.certificatePaths.isEmpty {
            var entry = Pins(fingerprints: [], certificates: [])
            for path in peer.certificatePaths {
                guard let certificate = try readCertificates(path, what: "pinned certificate").first,
                      let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else {
                    throw AgencySetupError("\(path): the pinned certificate cannot be parsed")
                }
                guard dnsNames(of: parsed).contains(AgencyCertificateName.dnsName(of: peer.agency)) else {
                    throw AgencySetupError("\(path): pinned for \(peer.agency) but does not name it (\(AgencyCertificateName.dnsName(of: peer.agency)))")
                }
                guard parsed.issuer == parsed.subject, parsed.publicKey.isValidSignature(parsed.signature, for: parsed) else {
                    throw AgencySetupError("\(path): a pinned certificate must be self-signed (pin the CA with tls.peersCA instead)")
                }
                entry.fingerprints.insert(AgencyCertificateName.fingerprint(der: der))
                entry.certificates.append(certificate)
            }
            pins[peer.agency] = entry
        }
        let version: TLSVersion = settings.minimumVersion == .tls13 ? .tlsv13 : .tlsv12
        var server = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                              privateKey: .privateKey(key))
        server.minimumTLSVersion = version
        // Client certificates are required; the custom verification callback (pins or CA, the
        // peer's name, validity) replaces BoringSSL's own chain check.
        server.certificateVerification = .noHostnameVerification
        server.trustRoots = .certificates(authorityCertificates + pins.values.flatMap(\.certificates))
        server.applicationProtocols = ["http/1.1"]
        server.shutdownTimeout = serverShutdownTimeout
        let serverContext: NIOSSLContext
        do {
            serverContext = try NIOSSLContext(configuration: server)
        } catch {
            throw AgencySetupError("\(settings.certificatePath), \(settings.privateKeyPath): cannot make a TLS context (does the key match the certificate?): \(error)")
        }
        var clients: [String: TLSConfiguration] = [:]
        for peer in peers {
            var client = TLSConfiguration.makeClientConfiguration()
            client.minimumTLSVersion = version
            client.certificateChain = chain.map { .certificate($0) }
            client.privateKey = .privateKey(key)
            // Hostname verification checks the name the connection asks for (SNI): the peer's
            // agency name, so another agency's valid certificate fails the handshake.
            client.certificateVerification = .fullVerification
            client.trustRoots = .certificates(pins[peer.agency]?.certificates ?? authorityCertificates)
            clients[peer.agency] = client
        }
        return AgencyTLSMaterial(agency: agency, peers: peers.map(\.agency),
                                 fingerprint: AgencyCertificateName.fingerprint(der: leafDER), minimumVersion: settings.minimumVersion,
                                 chain: chain, privateKey: key, authorities: authorities, authorityCertificates: authorityCertificates,
                                 pins: pins, serverContext: serverContext, clientConfigurations: clients)
    }

    /// How long a closing server connection waits for the client's close_notify before it
    /// closes anyway (NIOSSL's default, 5 s, held every graceful shutdown up by that much when
    /// a kept-alive client does not answer; TLS does not require the wait).
    static let serverShutdownTimeout: TimeAmount = .milliseconds(500)

    /// The TLS configuration of a connection to `peer` (nil: not a configured peer).
    public func clientConfiguration(for peer: String) -> TLSConfiguration? { clientConfigurations[peer] }

    /// Why a client certificate chain was refused, or the peer it was accepted for.
    public enum Verdict: Sendable, Equatable {
        case accepted(peer: String)
        case refused(code: String, reason: String)
    }

    /// Checks a client's certificate chain (leaf first) at `now`: it must name a configured
    /// peer, be within its validity period, and be one of that peer's pinned certificates or
    /// chain to the peers' CA.
    public func verifyPeer(chain ders: [[UInt8]], now: Date = Date()) async -> Verdict {
        guard let leafDER = ders.first, let leaf = try? Certificate(derEncoded: leafDER) else {
            return .refused(code: "unparseable", reason: "the client certificate cannot be parsed")
        }
        let names = Self.dnsNames(of: leaf)
        guard let peer = names.lazy.compactMap({ AgencyCertificateName.agency(named: $0, among: self.peers) }).first else {
            return .refused(code: "not-a-peer", reason: "the certificate names no configured peer (\(names.sorted().prefix(4)))")
        }
        guard leaf.notValidBefore <= now, now <= leaf.notValidAfter else {
            return .refused(code: "expired", reason: "\(peer)'s certificate is valid from \(leaf.notValidBefore) to \(leaf.notValidAfter), not now")
        }
        if let pinned = pins[peer] {
            let fingerprint = AgencyCertificateName.fingerprint(der: leafDER)
            return pinned.fingerprints.contains(fingerprint)
                ? .accepted(peer: peer)
                : .refused(code: "not-pinned", reason: "\(peer)'s certificate SHA-256 \(fingerprint) is not pinned")
        }
        guard !authorities.isEmpty else {
            return .refused(code: "untrusted", reason: "no CA and no pin configured for \(peer)")
        }
        var intermediates: [Certificate] = []
        for der in ders.dropFirst() {
            if let certificate = try? Certificate(derEncoded: der) { intermediates.append(certificate) }
        }
        var verifier = Verifier(rootCertificates: CertificateStore(authorities)) { RFC5280Policy() }
        switch await verifier.validate(leaf: leaf, intermediates: CertificateStore(intermediates)) {
        case .validCertificate:
            return .accepted(peer: peer)
        case .couldNotValidate(let failures):
            return .refused(code: "untrusted", reason: "\(peer)'s certificate does not chain to tls.peersCA (\(failures.first.map { "\($0.policyFailureReason)" } ?? "no chain"))")
        }
    }

    static func dnsNames(of certificate: Certificate) -> Set<String> {
        var names: Set<String> = []
        if let alternatives = try? certificate.extensions.subjectAlternativeNames {
            for name in alternatives {
                if case .dnsName(let dns) = name { names.insert(dns.lowercased()) }
            }
        }
        return names
    }

    static func readCertificates(_ path: String, what: String) throws(AgencySetupError) -> [NIOSSLCertificate] {
        guard FileManager.default.fileExists(atPath: path) else { throw AgencySetupError("\(path): no such file (\(what))") }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw AgencySetupError("\(path): not a PEM \(what) (\(error))")
        }
        guard !certificates.isEmpty else { throw AgencySetupError("\(path): no certificate in the file (\(what))") }
        return certificates
    }

    static func refuseReadableByOthers(_ path: String) throws(AgencySetupError) {
        var status = stat()
        guard stat(path, &status) == 0 else { throw AgencySetupError("\(path): no such file (TLS private key)") }
        if status.st_mode & 0o077 != 0 {
            throw AgencySetupError("\(path): TLS private key is accessible to group or others (mode 0\(String(status.st_mode & 0o777, radix: 8))); run `chmod 600 \(path)`")
        }
    }
}
