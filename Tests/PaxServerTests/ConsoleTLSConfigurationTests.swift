import Foundation
import Testing
@testable import PaxServer

@Suite("Console over TLS: configuration and material")
struct ConsoleTLSConfigurationTests {
    static let base = #""agency": "US-CBP", "database": "d", "privateKey": "k", "listen": {"port": 1}"#

    static func configuration(_ extra: String) throws -> AgencyServiceConfiguration {
        try AgencyServiceConfiguration(json: Array("{ \(base), \(extra) }".utf8), path: "/srv/us.json")
    }

    @Test("console.tls: own files (paths resolved) or the agency's certificate; TLS 1.2 by default; any address with TLS or plaintext allowed")
    func parsed() throws {
        let own = try Self.configuration(#""console": {"listen": "0.0.0.0:8443", "tls": {"certificate": "c/console.crt", "privateKey": "/etc/console.key"}}"#)
        let ownListener = try #require(own.console)
        #expect(ownListener.host == "0.0.0.0" && ownListener.port == 8443)
        #expect(ownListener.tls == ConsoleTLSSettings(source: .files(certificatePath: "/srv/c/console.crt", privateKeyPath: "/etc/console.key"),
                                                      minimumVersion: .tls12))
        let reused = try Self.configuration(#"""
            "tls": {"certificate": "t.crt", "privateKey": "t.key"},
            "console": {"listen": "[::1]:0", "tls": {"agencyCertificate": true, "minimumVersion": "1.3"}}
            """#)
        #expect(reused.console == .init(host: "::1", port: 0, tls: ConsoleTLSSettings(source: .agencyCertificate, minimumVersion: .tls13)))
        let files = try #require(reused.console?.tls).files(agency: reused.tls)
        #expect(files.certificatePath == "/srv/t.crt" && files.privateKeyPath == "/srv/t.key")
        let plain = try Self.configuration(#""console": {"listen": "10.1.2.3:8081", "plaintext": "allowed"}"#)
        #expect(plain.console == .init(host: "10.1.2.3", port: 8081, tls: nil, plaintextAllowed: true))
        let loopback = try Self.configuration(#""console": {}"#)
        #expect(loopback.console == .init(host: "127.0.0.1", port: 0))
    }

    @Test("refused: plain HTTP off loopback, a bad address, both sources or none, agencyCertificate without the agency's tls, a bad version", arguments: [
        (#""console":\#n {"listen": "0.0.0.0:8081"}"#, 2, "console.listen", "plain HTTP on the non-loopback address '0.0.0.0' is refused"),
        (#""console": {"listen": "::1:8081"}"#, 1, "console.listen", "expected HOST:PORT"),
        (#""console": {"listen": "127.0.0.1:70000"}"#, 1, "console.listen", "expected HOST:PORT"),
        (#""console": {"plaintext": "yes"}"#, 1, "console.plaintext", "the only value"),
        (#""console": {"tls": {"certificate": "c", "privateKey": "k", "agencyCertificate": true}}"#, 1, "console.tls.agencyCertificate", "not both"),
        (#""console": {"tls": {"privateKey": "k"}}"#, 1, "console.tls.certificate", "missing"),
        (#""console": {"tls": {"certificate": "c"}}"#, 1, "console.tls.privateKey", "missing"),
        (#""console": {"tls": {"certificate": "c", "privateKey": "k", "clientCA": "x"}}"#, 1, "console.tls.clientCA", "unknown key"),
        (#""console":\#n {"tls": {"agencyCertificate": true}}"#, 2, "console.tls.agencyCertificate", "there is no \"tls\" section"),
        (#""console": {"tls": {"certificate": "c", "privateKey": "k", "minimumVersion": "1.1"}}"#, 1, "console.tls.minimumVersion", "expected \"1.2\" or \"1.3\""),
    ])
    func refused(extra: String, line: Int, keyPath: String, reason: String) throws {
        let error = try #require(throws: ConfigurationError.self) { try Self.configuration(extra) }
        #expect(error.line == line && error.keyPath == keyPath && error.reason.contains(reason), "\(error)")
    }

    @Test("loading the console's material: fingerprints, a key others may read, a key of another certificate and an expired certificate refused")
    func material() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ca = try AgencyTLSCertificates.makeAuthority()
        let now = Date()
        func issue(_ name: String, from: Date = now.addingTimeInterval(-60), to: Date = now.addingTimeInterval(3_600)) throws -> String {
            let issued = try AgencyTLSCertificates.makeConsoleCertificate(agency: "US-CBP", dnsNames: ["localhost"], ipAddresses: [[127, 0, 0, 1]],
                                                                         issuer: ca, notValidBefore: from, notValidAfter: to)
            try AgencyTLSCertificates.write(issued, directory: directory.path, name: name, replace: false)
            return directory.file(name)
        }
        let good = try issue("console")
        let settings = ConsoleTLSSettings(source: .files(certificatePath: good + ".crt", privateKeyPath: good + ".key"))
        let material = try ConsoleTLSMaterial.load(settings, agency: nil)
        let described = try AgencyTLSCertificates.describe(certificateFile: good + ".crt")
        #expect(described.count == 1 && described[0].hasSuffix("SHA256:\(material.fingerprint)"), "\(described)")
        #expect(material.displayedFingerprint.count == 32 * 3 - 1 && material.displayedFingerprint.replacingOccurrences(of: ":", with: "")
            == material.fingerprint.uppercased())
        #expect(Data(base64Encoded: material.publicKeySHA256)?.count == 32)
        #expect(material.minimumVersion == .tls12)

        chmod(good + ".key", 0o640)
        let readable = #expect(throws: AgencySetupError.self) { try ConsoleTLSMaterial.load(settings, agency: nil) }
        #expect(readable?.description.contains("chmod 600") == true)
        chmod(good + ".key", 0o600)
        let other = try issue("other")
        let mismatched = #expect(throws: AgencySetupError.self) {
            try ConsoleTLSMaterial.load(ConsoleTLSSettings(source: .files(certificatePath: good + ".crt", privateKeyPath: other + ".key")), agency: nil)
        }
        #expect(mismatched?.description.contains("does the key match the certificate?") == true, "\(String(describing: mismatched))")
        let old = try issue("old", from: now.addingTimeInterval(-7_200), to: now.addingTimeInterval(-3_600))
        let expired = #expect(throws: AgencySetupError.self) {
            try ConsoleTLSMaterial.load(ConsoleTLSSettings(source: .files(certificatePath: old + ".crt", privateKeyPath: old + ".key")), agency: nil)
        }
        #expect(expired?.description.contains("not now") == true)

        // agencyCertificate: the agency's own certificate and key.
        let agency = try AgencyTLSCertificates.makeAgencyCertificate(agency: "US-CBP", issuer: ca, notValidBefore: now.addingTimeInterval(-60),
                                                                     notValidAfter: now.addingTimeInterval(3_600))
        try AgencyTLSCertificates.write(agency, directory: directory.path, name: "agency", replace: false)
        let agencySettings = AgencyTLSSettings(certificatePath: directory.file("agency.crt"), privateKeyPath: directory.file("agency.key"))
        let reused = try ConsoleTLSMaterial.load(ConsoleTLSSettings(source: .agencyCertificate), agency: agencySettings)
        #expect(reused.fingerprint == (try agency.fingerprint))
        #expect(throws: AgencySetupError.self) { try ConsoleTLSMaterial.load(ConsoleTLSSettings(source: .agencyCertificate), agency: nil) }
    }
}
