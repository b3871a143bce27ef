import Foundation
import Testing
@testable import PaxServer

@Suite("Mutual TLS configuration and material")
struct TLSConfigurationTests {
    static let base = #""agency": "US-CBP", "database": "d", "privateKey": "k""#

    @Test("the tls section and pins: paths resolved, TLS 1.3 by default, 1.2 on request")
    func parsed() throws {
        let json = """
            { \(Self.base), "listen": {"host": "0.0.0.0", "port": 1},
              "tls": {"certificate": "t/US-CBP.crt", "privateKey": "t/US-CBP.key", "peersCA": "/etc/ca.crt", "minimumVersion": "1.2"},
              "peers": [{"agency": "SV-DGME", "url": "https://sv:8402", "publicKey": "p", "certificates": ["a.crt", "b.crt"]}] }
            """
        let configuration = try AgencyServiceConfiguration(json: Array(json.utf8), path: "/srv/us.json")
        let tls = try #require(configuration.tls)
        #expect(tls.certificatePath == "/srv/t/US-CBP.crt" && tls.privateKeyPath == "/srv/t/US-CBP.key")
        #expect(tls.peersCAPath == "/etc/ca.crt" && tls.minimumVersion == .tls12)
        #expect(configuration.peers[0].certificatePaths == ["/srv/a.crt", "/srv/b.crt"])
        let defaulted = try AgencyServiceConfiguration(json: Array("""
            { \(Self.base), "listen": {"port": 1}, "tls": {"certificate": "c", "privateKey": "k"} }
            """.utf8), path: "x.json")
        #expect(defaulted.tls?.minimumVersion == .tls13)
        let plain = try AgencyServiceConfiguration(json: Array(#"{ \#(Self.base), "listen": {"host": "10.0.0.5", "port": 1, "plaintext": "allowed"} }"#.utf8),
                                            path: "x.json")
        #expect(plain.tls == nil && plain.plaintextAllowed)
    }

    @Test("refused: plain HTTP off loopback unless allowed, http peers with TLS, three pins, a peer with neither pin nor CA, a bad version", arguments: [
        (#"{ "agency": "US-CBP", "database": "d", "privateKey": "k",\#n "listen": {"host": "0.0.0.0", "port": 1} }"#,
         2, "listen.host", "plain HTTP on the non-loopback address"),
        (#"{ "agency": "US-CBP", "database": "d", "privateKey": "k", "listen": {"port": 1, "plaintext": "yes"} }"#,
         1, "listen.plaintext", "the only value"),
        (#"{ "agency": "US-CBP", "database": "d", "privateKey": "k", "listen": {"port": 1}, "tls": {"certificate": "c", "privateKey": "k", "peersCA": "ca"},\#n "peers": [{"agency": "SV", "publicKey": "p",\#n "url": "http://sv:1"}] }"#,
         3, "peers[0].url", "expected an https:// URL"),
        (#"{ "agency": "US-CBP", "database": "d", "privateKey": "k", "listen": {"port": 1},\#n "peers": [{"agency": "SV", "url": "https://sv", "publicKey": "p", "certificates": ["a", "b", "c"]}] }"#,
         2, "peers[0].certificates", "two during a change-over"),
        (#"{ "agency": "US-CBP", "database": "d", "privateKey": "k", "listen": {"port": 1},\#n "tls": {"certificate": "c", "privateKey": "k"},\#n "peers": [{"agency": "SV", "url": "https://sv", "publicKey": "p"}] }"#,
         2, "peers[0].certificates", "nothing to verify it against"),
        (#"{ "agency": "US-CBP", "database": "d", "privateKey": "k", "listen": {"port": 1},\#n "tls": {"certificate": "c", "privateKey": "k", "minimumVersion": "1.1"} }"#,
         2, "tls.minimumVersion", "expected \"1.3\" or \"1.2\""),
    ])
    func refused(json: String, line: Int, keyPath: String, reason: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try AgencyServiceConfiguration(json: Array(json.utf8), path: "agency.json")
        }
        #expect(error.line == line && error.keyPath == keyPath && error.reason.contains(reason), "\(error)")
    }

    @Test("loading material: a key others may read, a certificate of another agency and a CA-issued pin are refused; the verdicts on peers' chains")
    func material() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paxsim-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ca = try AgencyTLSCertificates.makeAuthority()
        let now = Date()
        func issue(_ agency: String, by issuer: AgencyTLSCertificates.Issued?, name: String,
                   from: Date = now.addingTimeInterval(-60), to: Date = now.addingTimeInterval(3_600)) throws -> String {
            let issued = try AgencyTLSCertificates.makeAgencyCertificate(agency: agency, issuer: issuer, notValidBefore: from, notValidAfter: to)
            try AgencyTLSCertificates.write(issued, directory: directory, name: name, replace: false)
            return "\(directory)/\(name)"
        }
        try AgencyTLSCertificates.write(ca, directory: directory, name: "ca", replace: false)
        let us = try issue("US-CBP", by: ca, name: "us")
        let sv = try issue("SV-DGME", by: ca, name: "sv")
        let gt = try issue("GT-IGM", by: ca, name: "gt")
        let expired = try issue("SV-DGME", by: ca, name: "sv-old", from: now.addingTimeInterval(-7_200), to: now.addingTimeInterval(-3_600))
        let selfSigned = try issue("SV-DGME", by: nil, name: "sv-self")
        func peer(_ pins: [String] = []) -> AgencyServiceConfiguration.Peer {
            AgencyServiceConfiguration.Peer(agency: "SV-DGME", url: "https://sv", publicKeyPath: "", certificatePaths: pins)
        }
        let settings = AgencyTLSSettings(certificatePath: us + ".crt", privateKeyPath: us + ".key", peersCAPath: "\(directory)/ca.crt")

        chmod(us + ".key", 0o644)
        #expect(throws: AgencySetupError.self) { try AgencyTLSMaterial.load(agency: "US-CBP", settings: settings, peers: [peer()]) }
        chmod(us + ".key", 0o600)
        let wrongAgency = #expect(throws: AgencySetupError.self) { try AgencyTLSMaterial.load(agency: "MX-INM", settings: settings, peers: []) }
        #expect(wrongAgency?.description.contains("does not name MX-INM") == true)
        let caPin = #expect(throws: AgencySetupError.self) {
            try AgencyTLSMaterial.load(agency: "US-CBP", settings: settings, peers: [peer([sv + ".crt"])])
        }
        #expect(caPin?.description.contains("self-signed") == true)

        func der(_ path: String) throws -> [[UInt8]] {
            let text = try String(contentsOfFile: path + ".crt", encoding: .utf8)
            let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            return [Array(try #require(Data(base64Encoded: body)))]
        }
        let byCA = try AgencyTLSMaterial.load(agency: "US-CBP", settings: settings, peers: [peer()])
        #expect(await byCA.verifyPeer(chain: try der(sv)) == .accepted(peer: "SV-DGME"))
        #expect(await byCA.verifyPeer(chain: try der(gt)) == .refused(code: "not-a-peer", reason: "the certificate names no configured peer ([\"gt-igm.agency.paxsim.invalid\"])"))
        guard case .refused("expired", _) = await byCA.verifyPeer(chain: try der(expired)) else { Issue.record("expired accepted"); return }
        guard case .refused("untrusted", _) = await byCA.verifyPeer(chain: try der(selfSigned)) else { Issue.record("stranger accepted"); return }
        let pinned = try AgencyTLSMaterial.load(agency: "US-CBP", settings: settings, peers: [peer([selfSigned + ".crt"])])
        #expect(await pinned.verifyPeer(chain: try der(selfSigned)) == .accepted(peer: "SV-DGME"))
        guard case .refused("not-pinned", _) = await pinned.verifyPeer(chain: try der(sv)) else { Issue.record("unpinned accepted"); return }
    }
}
