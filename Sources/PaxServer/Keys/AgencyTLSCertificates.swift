import Crypto
public import Foundation
import NIOSSL
public import X509

/// TLS certificates for mutual TLS between agencies (`paxsim keys generate --tls`): a private
/// CA per deployment, and a certificate per agency, either issued by that CA or self-signed
/// (then peers pin it). Keys are ECDSA P-256; certificates name the agency as subject common
/// name and as the DNS subject alternative name `AgencyCertificateName.dnsName(of:)`, and serve
/// both as server and as client certificate. Files are PEM that OpenSSL reads: the
/// certificate (mode 0644) and a PKCS#8 private key (mode 0600, written before any byte of it).
public enum AgencyTLSCertificates {
    /// A certificate with its private key, ready to sign or to be written.
    public struct Issued: Sendable {
        public let certificate: Certificate
        let key: P256.Signing.PrivateKey

        /// SHA-256 of the certificate's DER, lower-case hex.
        public var fingerprint: String {
            get throws {
                AgencyCertificateName.fingerprint(der: try certificate.serializeAsPEM().derBytes)
            }
        }

        public var certificatePEM: String {
            get throws { try certificate.serializeAsPEM().pemString }
        }

        var privateKeyPEM: String { key.pemRepresentation }
    }

    /// Where `write` put the two files.
    public struct WrittenFiles: Sendable {
        public var certificatePath: String
        public var privateKeyPath: String
    }

    /// A deployment's private CA (valid `days` days from now).
    public static func makeAuthority(name: String = "PaxSim agencies CA", days: Int = 3_650) throws -> Issued {
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            OrganizationName("PaxSim")
            CommonName(name)
        }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(Double(days) * 86_400),
            issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: .init(key.publicKey))
            },
            issuerPrivateKey: .init(key))
        return Issued(certificate: certificate, key: key)
    }

    /// A certificate for `agency`, issued by `authority` or, when nil, self-signed; valid from
    /// `notValidBefore` to `notValidAfter` (tests make expired ones with dates in the past).
    public static func makeAgencyCertificate(agency: String, issuer authority: Issued?,
                                             notValidBefore: Date, notValidAfter: Date) throws -> Issued {
        if let problem = AgencyIdentifier.problem(with: agency) { throw TLSCertificateError(problem) }
        guard notValidBefore < notValidAfter else { throw TLSCertificateError("the validity period ends before it starts") }
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            OrganizationName("PaxSim")
            CommonName(agency)
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            SubjectAlternativeNames([.dnsName(AgencyCertificateName.dnsName(of: agency))])
            try ExtendedKeyUsage([.serverAuth, .clientAuth])
            SubjectKeyIdentifier(hash: .init(key.publicKey))
            if let authority {
                Critical(KeyUsage(digitalSignature: true))
                AuthorityKeyIdentifier(keyIdentifier: try authority.certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
            }
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: notValidBefore, notValidAfter: notValidAfter,
            issuer: authority?.certificate.subject ?? subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions, issuerPrivateKey: .init(authority?.key ?? key))
        return Issued(certificate: certificate, key: key)
    }

    /// A server certificate for a console that browsers reach at `dnsNames` and `ipAddresses`
    /// (4 or 16 bytes each), issued by `authority` (`paxsim demo --web --tls` makes one per
    /// agency for localhost, 127.0.0.1 and ::1). Browsers check these names, not the agency id.
    public static func makeConsoleCertificate(agency: String, dnsNames: [String], ipAddresses: [[UInt8]], issuer authority: Issued,
                                              notValidBefore: Date, notValidAfter: Date) throws -> Issued {
        guard notValidBefore < notValidAfter else { throw TLSCertificateError("the validity period ends before it starts") }
        guard ipAddresses.allSatisfy({ $0.count == 4 || $0.count == 16 }) else {
            throw TLSCertificateError("an IP address has 4 (IPv4) or 16 (IPv6) bytes")
        }
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            OrganizationName("PaxSim")
            CommonName("\(agency) console")
        }
        let names: [GeneralName] = dnsNames.map { .dnsName($0) } + ipAddresses.map { .ipAddress(.init(contentBytes: $0[...])) }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: notValidBefore, notValidAfter: notValidAfter,
            issuer: authority.certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                SubjectAlternativeNames(names)
                try ExtendedKeyUsage([.serverAuth])
                SubjectKeyIdentifier(hash: .init(key.publicKey))
                AuthorityKeyIdentifier(keyIdentifier: try authority.certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
            },
            issuerPrivateKey: .init(authority.key))
        return Issued(certificate: certificate, key: key)
    }

    /// Reads a CA (or any certificate and its key) written by `write`, to issue with it.
    public static func load(certificatePath: String, privateKeyPath: String) throws -> Issued {
        let certificatePEM: String
        let keyPEM: String
        do {
            certificatePEM = try String(contentsOfFile: certificatePath, encoding: .utf8)
            keyPEM = try String(contentsOfFile: privateKeyPath, encoding: .utf8)
        } catch {
            throw TLSCertificateError("\(certificatePath), \(privateKeyPath): cannot be read")
        }
        let certificate: Certificate
        let key: P256.Signing.PrivateKey
        do {
            certificate = try Certificate(pemEncoded: certificatePEM)
        } catch {
            throw TLSCertificateError("\(certificatePath): not a PEM certificate")
        }
        do {
            key = try P256.Signing.PrivateKey(pemRepresentation: keyPEM)
        } catch {
            throw TLSCertificateError("\(privateKeyPath): not a PEM P-256 private key")
        }
        guard certificate.publicKey == Certificate.PublicKey(key.publicKey) else {
            throw TLSCertificateError("\(privateKeyPath): not the key of \(certificatePath)")
        }
        return Issued(certificate: certificate, key: key)
    }

    /// Writes `NAME.crt` (0644) and `NAME.key` (0600) into `directory`, both or neither.
    @discardableResult
    public static func write(_ issued: Issued, directory: String, name: String, replace: Bool) throws -> WrittenFiles {
        let base = directory.isEmpty ? "." : (directory.hasSuffix("/") ? String(directory.dropLast()) : directory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FileWriteError(path: directory, reason: "no such directory")
        }
        let files = WrittenFiles(certificatePath: "\(base)/\(name).crt", privateKeyPath: "\(base)/\(name).key")
        try SecureFileWriter.write([
            .init(path: files.privateKeyPath, bytes: Array(issued.privateKeyPEM.utf8), mode: 0o600),
            .init(path: files.certificatePath, bytes: Array(try issued.certificatePEM.utf8), mode: 0o644),
        ], replace: replace)
        return files
    }

    /// One line per certificate in a PEM file: subject, agency name, validity and SHA-256.
    public static func describe(certificateFile path: String) throws -> [String] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw TLSCertificateError(FileManager.default.fileExists(atPath: path) ? "\(path): not a PEM certificate file" : "\(path): no such file")
        }
        guard !certificates.isEmpty else { throw TLSCertificateError("\(path): no certificate in it") }
        var lines: [String] = []
        for document in certificates {
            let certificate: Certificate
            let der: [UInt8]
            do {
                der = try document.toDERBytes()
                certificate = try Certificate(derEncoded: der)
            } catch {
                throw TLSCertificateError("\(path): a certificate cannot be parsed")
            }
            let names = AgencyTLSMaterial.dnsNames(of: certificate).sorted()
            let formatter = ISO8601DateFormatter()
            lines.append("certificate \(certificate.subject) [\(names.joined(separator: ", "))] valid \(formatter.string(from: certificate.notValidBefore)) to \(formatter.string(from: certificate.notValidAfter)) SHA256:\(AgencyCertificateName.fingerprint(der: der))")
        }
        return lines
    }
}

/// A certificate could not be made, read or described.
public struct TLSCertificateError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
