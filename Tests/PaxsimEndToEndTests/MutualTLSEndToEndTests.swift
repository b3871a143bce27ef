import Foundation
import PaxTestSupport
import GRDB
import PaxExchange
import Testing
@testable import PaxServer

/// Two real `paxsim agency serve` processes over mutual TLS on 127.0.0.1, certificates made by
/// `paxsim keys generate --tls`. Refusals are checked with `openssl s_client` (an independent
/// client) and with our own client (`HTTPPeerTransport`), and our client's checks of the
/// server against `openssl s_server` (an independent server).
@Suite("Mutual TLS end to end", .serialized)
struct MutualTLSEndToEndTests {
    static let openssl = OpenSSLClient.openssl

    /// A directory with signing keys, TLS material and two agency configurations.
    struct Deployment {
        let directory: URL
        var ports: [String: Int] = [:]
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        init() throws {
            directory = try Paxsim.temporaryDirectory()
            try FileManager.default.createDirectory(atPath: path("keys"), withIntermediateDirectories: true)
            for agency in ["SV-DGME", "US-CBP"] {
                let made = try Paxsim.run(["keys", "generate", "--agency", agency, "--out", path("keys")])
                #expect(made.status == 0, "\(made.all)")
                ports[agency] = try FreePort.find()
            }
        }

        /// `paxsim keys generate --tls ...` into `directory/sub`.
        @discardableResult
        func tls(_ arguments: [String], into sub: String = "keys") throws -> String {
            try FileManager.default.createDirectory(atPath: path(sub), withIntermediateDirectories: true)
            let made = try Paxsim.run(["keys", "generate", "--tls", "--out", path(sub)] + arguments)
            #expect(made.status == 0, "\(made.all)")
            return made.stdout
        }

        /// Writes AGENCY.json: its own certificate `certificate` (path without .crt/.key), the
        /// peers' CA when `ca`, the peer's pinned certificates otherwise.
        func configure(_ agency: String, peer: String, certificate: String, ca: Bool, pins: [String] = []) throws {
            let territories = ["SV-DGME": "[\"SAL\"]", "US-CBP": "[\"IAH\", \"JFK\"]"]
            let pinned = pins.isEmpty ? "" : ", \"certificates\": [" + pins.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
            let json = """
                { "agency": "\(agency)", "territory": \(territories[agency] ?? "[]"),
                  "listen": { "host": "127.0.0.1", "port": \(ports[agency] ?? 0) },
                  "database": "\(agency).sqlite", "privateKey": "keys/\(agency).key",
                  "tls": { "certificate": "\(certificate).crt", "privateKey": "\(certificate).key"\(ca ? ", \"peersCA\": \"keys/paxsim-ca.crt\"" : "") },
                  "peers": [ { "agency": "\(peer)", "url": "https://127.0.0.1:\(ports[peer] ?? 0)", "publicKey": "keys/\(peer).pub",
                               "territory": \(territories[peer] ?? "[]")\(pinned) } ],
                  "limits": { "replayWindowSeconds": 1200, "ratePerPeer": { "perSecond": 5000, "burst": 5000 } },
                  "timing": { "retryBaseMilliseconds": 200, "retryCapMilliseconds": 1000, "maxAttempts": 600,
                              "assessmentDeadlineSeconds": 1200 } }
                """
            try Data(json.utf8).write(to: directory.appendingPathComponent("\(agency).json"))
        }

        func process(_ agency: String, logLevel: String = "warning") -> AgencyProcess {
            AgencyProcess(name: agency, configPath: path("\(agency).json"), logLevel: logLevel)
        }

        func manifestStates(_ agency: String) -> [String: String] {
            guard let queue = try? DatabaseQueue(path: path("\(agency).sqlite"),
                                                 configuration: { var c = Configuration(); c.readonly = true; return c }()) else { return [:] }
            return (try? queue.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT message_id, state FROM exchange_manifest").map {
                    ($0["message_id"] as String, $0["state"] as String)
                })
            }) ?? [:]
        }

        /// Waits until `agency` holds `count` manifests, all assessed; returns the states.
        func waitUntilAssessed(_ agency: String, count: Int, seconds: Double = 120) async throws -> [String: String] {
            let deadline = Date().addingTimeInterval(seconds)
            var states: [String: String] = [:]
            while Date() < deadline {
                states = manifestStates(agency)
                if states.count >= count && states.values.allSatisfy({ $0 == "assessed" }) { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            return states
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    /// `openssl s_client` to `port` with `arguments` (certificate, key, version...), verifying
    /// the server, sending a `GET /health`; what it printed, and whether an HTTP answer came back.
    static func handshake(port: Int, serverName: String, ca: String, _ arguments: [String]) async throws -> (answered: Bool, output: String) {
        let result = try await OpenSSLClient.connect(port: port, serverName: serverName, ca: ca, arguments, sending: OpenSSLClient.get("/health"))
        return (result.stdout.contains("HTTP/1.1 200"), result.all)
    }

    /// GET /metrics over TLS with `certificate`: the count of handshake refusals with `code`.
    static func refusals(port: Int, serverName: String, ca: String, certificate: String, code: String) async throws -> Int {
        let result = try await OpenSSLClient.connect(port: port, serverName: serverName, ca: ca, certificate: certificate,
                                                     sending: OpenSSLClient.get("/metrics"))
        let prefix = "paxsim_tls_handshake_refusals_total{code=\"\(code)\"} "
        return result.stdout.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Int($0.dropFirst(prefix.count)) } ?? 0
    }

    /// Our client presenting `certificate` (as agency `agency`) to `peer` at `port`.
    static func client(agency: String, certificate: String, ca: String?, peer: String, port: Int,
                       pins: [String] = [], timeoutSeconds: Int64 = 10) throws -> HTTPPeerTransport {
        let material = try AgencyTLSMaterial.load(
            agency: agency,
            settings: AgencyTLSSettings(certificatePath: certificate + ".crt", privateKeyPath: certificate + ".key", peersCAPath: ca,
                                        minimumVersion: .tls12),
            peers: [AgencyServiceConfiguration.Peer(agency: peer, url: "https://127.0.0.1:\(port)", publicKeyPath: "", certificatePaths: pins)])
        return HTTPPeerTransport(agency: agency, peers: PeerDirectory([peer: "https://127.0.0.1:\(port)"]), timeoutSeconds: timeoutSeconds,
                                 tls: TLSMaterialStore(material))
    }

    /// A frame in SV-DGME's name signed with a random key: answered 401 once TLS lets it through.
    static func forgedFrame() throws -> [UInt8] {
        WireFrame.encode(try SignedMessage.signed(messageId: "SV-DGME:MAN:TLS-PROBE-\(UInt32.random(in: 0...UInt32.max))", correlationId: "",
                                                  sender: "SV-DGME", receiver: "US-CBP", createdAt: LiveAgency.now(),
                                                  payload: Array("<x/>".utf8), key: SigningKey.random()))
    }

    @Test("full exchange over mutual TLS; no certificate, a self-signed stranger, another agency's certificate, an expired one and TLS 1.0/1.1 refused in the handshake")
    func exchangeAndRefusals() async throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        let keys = deployment.path("keys")
        try deployment.tls(["--ca"])
        for agency in ["SV-DGME", "US-CBP", "GT-IGM"] { try deployment.tls(["--agency", agency, "--issuer", "\(keys)/paxsim-ca"]) }
        try deployment.tls(["--agency", "SV-DGME"], into: "stranger")
        try deployment.tls(["--agency", "SV-DGME", "--issuer", "\(keys)/paxsim-ca", "--not-valid-after", "2026-01-01T00:00:00Z"], into: "expired")
        try deployment.configure("SV-DGME", peer: "US-CBP", certificate: "keys/SV-DGME.tls", ca: true)
        try deployment.configure("US-CBP", peer: "SV-DGME", certificate: "keys/US-CBP.tls", ca: true)
        let pem = try String(contentsOfFile: "\(keys)/US-CBP.tls.crt", encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----"))
        let text = try Paxsim.runProgram(Self.openssl, ["x509", "-in", "\(keys)/US-CBP.tls.crt", "-noout", "-text"])
        #expect(text.status == 0 && text.stdout.contains("DNS:us-cbp.agency.paxsim.invalid"), "\(text.all)")
        var status = stat()
        #expect(stat("\(keys)/US-CBP.tls.key", &status) == 0 && status.st_mode & 0o777 == 0o600)
        let shown = try Paxsim.run(["keys", "show", "\(keys)/US-CBP.tls.crt", "\(keys)/US-CBP.key"])
        let fingerprint = try Paxsim.runProgram(Self.openssl, ["x509", "-in", "\(keys)/US-CBP.tls.crt", "-noout", "-fingerprint", "-sha256"])
        let expected = fingerprint.stdout.split(separator: "=").last.map { $0.replacingOccurrences(of: ":", with: "").lowercased() }?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        #expect(shown.status == 0 && shown.stdout.contains("SHA256:\(expected)") && shown.stdout.contains("Ed25519 signing key SHA256:"),
                "\(shown.all)")

        let sv = deployment.process("SV-DGME"), us = deployment.process("US-CBP")
        try sv.start()
        try us.start()
        defer {
            sv.stop()
            us.stop()
        }
        try await sv.waitUntilListening()
        try await us.waitUntilListening()
        #expect(us.printed.contains("listening on https://"))

        let manifests = deployment.path("manifests")
        let generated = try Paxsim.run(["generate", "--seed", "5", "--flights", "3", "--travelers", "6", "--from", "SAL", "--to", "IAH",
                                        "--out", manifests])
        #expect(generated.status == 0, "\(generated.all)")
        let submitted = try Paxsim.run(["agency", "submit", "--config", sv.configPath, manifests])
        #expect(submitted.status == 0, "\(submitted.all)")
        let states = try await deployment.waitUntilAssessed("SV-DGME", count: 3)
        #expect(states.count == 3 && states.values.allSatisfy { $0 == "assessed" }, "\(states) \(sv.printed) \(us.printed)")

        // openssl s_client, an independent client, against US-CBP.
        let port = try #require(deployment.ports["US-CBP"])
        let name = AgencyCertificateName.dnsName(of: "US-CBP")
        let ca = "\(keys)/paxsim-ca.crt"
        func openssl(_ arguments: [String]) async throws -> (answered: Bool, output: String) {
            try await Self.handshake(port: port, serverName: name, ca: ca, arguments)
        }
        let genuine = try await openssl(["-cert", "\(keys)/SV-DGME.tls.crt", "-key", "\(keys)/SV-DGME.tls.key"])
        #expect(genuine.answered, "\(genuine.output)")
        let cases: [(String, [String])] = [
            ("no client certificate", []),
            ("a self-signed stranger naming SV-DGME", ["-cert", deployment.path("stranger/SV-DGME.tls.crt"), "-key", deployment.path("stranger/SV-DGME.tls.key")]),
            ("a valid certificate of another agency (GT-IGM)", ["-cert", "\(keys)/GT-IGM.tls.crt", "-key", "\(keys)/GT-IGM.tls.key"]),
            ("an expired certificate of SV-DGME", ["-cert", deployment.path("expired/SV-DGME.tls.crt"), "-key", deployment.path("expired/SV-DGME.tls.key")]),
            ("TLS 1.0", ["-tls1", "-cipher", "DEFAULT@SECLEVEL=0", "-cert", "\(keys)/SV-DGME.tls.crt", "-key", "\(keys)/SV-DGME.tls.key"]),
            ("TLS 1.1", ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-cert", "\(keys)/SV-DGME.tls.crt", "-key", "\(keys)/SV-DGME.tls.key"]),
            ("TLS 1.2 (the configuration asks for 1.3)", ["-tls1_2", "-cert", "\(keys)/SV-DGME.tls.crt", "-key", "\(keys)/SV-DGME.tls.key"]),
        ]
        for (what, arguments) in cases {
            let attempt = try await openssl(arguments)
            #expect(!attempt.answered && attempt.output.contains("alert"), "\(what): \(attempt.output)")
        }
        var counted: [Int] = []
        for code in ["not-a-peer", "untrusted", "expired"] {
            counted.append(try await Self.refusals(port: port, serverName: name, ca: ca, certificate: "\(keys)/SV-DGME.tls", code: code))
        }
        #expect(counted == [1, 1, 1], "refusals counted by code: \(counted)")

        // Our own client against US-CBP: the genuine certificate reaches HTTP (a forged
        // signature is then 401); the others fail in the handshake.
        func ours(_ agency: String, _ certificate: String) async throws -> DeliveryResult {
            let transport = try Self.client(agency: agency, certificate: certificate, ca: ca, peer: "US-CBP", port: port)
            let result = await transport.deliver(try Self.forgedFrame(), to: "US-CBP")
            await transport.shutdown()
            return result
        }
        #expect(try await ours("SV-DGME", "\(keys)/SV-DGME.tls") == .refused(status: 401, code: "bad-signature"))
        for (agency, certificate) in [("SV-DGME", deployment.path("stranger/SV-DGME.tls")), ("GT-IGM", "\(keys)/GT-IGM.tls"),
                                      ("SV-DGME", deployment.path("expired/SV-DGME.tls"))] {
            let result = try await ours(agency, certificate)
            guard case .failed = result else {
                Issue.record("\(certificate): expected a failed handshake, got \(result)")
                continue
            }
        }
    }

    @Test("our client checks the server: openssl s_server with the peer's certificate is accepted; another agency's, an expired or a stranger's certificate is refused")
    func clientVerifiesServer() async throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        let keys = deployment.path("keys")
        try deployment.tls(["--ca"])
        for agency in ["SV-DGME", "US-CBP", "GT-IGM"] { try deployment.tls(["--agency", agency, "--issuer", "\(keys)/paxsim-ca"]) }
        try deployment.tls(["--agency", "US-CBP"], into: "stranger")
        try deployment.tls(["--agency", "US-CBP", "--issuer", "\(keys)/paxsim-ca", "--not-valid-after", "2026-01-01T00:00:00Z"], into: "expired")
        let cases: [(String, Bool)] = [("\(keys)/US-CBP.tls", true), ("\(keys)/GT-IGM.tls", false),
                                       (deployment.path("expired/US-CBP.tls"), false), (deployment.path("stranger/US-CBP.tls"), false)]
        for (certificate, accepted) in cases {
            let port = try FreePort.find()
            let server = Process()
            server.executableURL = URL(fileURLWithPath: Self.openssl)
            server.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificate + ".crt", "-key", certificate + ".key",
                                "-www", "-quiet"]
            server.standardOutput = FileHandle.nullDevice
            server.standardError = FileHandle.nullDevice
            try server.run()
            defer {
                // s_server ignores SIGTERM.
                kill(server.processIdentifier, SIGKILL)
                server.waitUntilExit()
            }
            try await Task.sleep(for: .milliseconds(300))
            let transport = try Self.client(agency: "SV-DGME", certificate: "\(keys)/SV-DGME.tls", ca: "\(keys)/paxsim-ca.crt",
                                            peer: "US-CBP", port: port, timeoutSeconds: 3)
            let result = await transport.deliver(try Self.forgedFrame(), to: "US-CBP")
            await transport.shutdown()
            // s_server -www answers only GET: past an accepted handshake our POST waits for its
            // deadline; a refused handshake fails at once with BoringSSL's or NIOSSL's reason.
            guard case .failed(let reason) = result else {
                Issue.record("\(certificate): expected no HTTP answer from s_server, got \(result)")
                continue
            }
            let handshakeRefused = ["CERTIFICATE_VERIFY_FAILED", "failedToValidateHostname", "unableToValidateCertificate", "handshakeFailed"]
                .contains { reason.contains($0) }
            #expect(handshakeRefused == !accepted, "\(certificate): \(reason)")
        }
    }

    @Test("rotation: SV-DGME switches its pinned certificate mid-stream (two pins during the change-over, SIGHUP); nothing lost or refused")
    func rotation() async throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        let keys = deployment.path("keys")
        try deployment.tls(["--agency", "SV-DGME"], into: "old")
        try deployment.tls(["--agency", "SV-DGME"], into: "new")
        try deployment.tls(["--agency", "US-CBP"])
        let old = deployment.path("old/SV-DGME.tls"), new = deployment.path("new/SV-DGME.tls")
        try deployment.configure("SV-DGME", peer: "US-CBP", certificate: old, ca: false, pins: ["\(keys)/US-CBP.tls.crt"])
        try deployment.configure("US-CBP", peer: "SV-DGME", certificate: "keys/US-CBP.tls", ca: false, pins: ["\(old).crt"])
        let sv = deployment.process("SV-DGME", logLevel: "notice"), us = deployment.process("US-CBP", logLevel: "notice")
        try sv.start()
        try us.start()
        defer {
            sv.stop()
            us.stop()
        }
        try await sv.waitUntilListening()
        try await us.waitUntilListening()
        /// Sends SIGHUP and waits for the process to log its `count`th reload.
        func reload(_ process: AgencyProcess, count: Int) async throws {
            process.send(SIGHUP)
            for _ in 0..<200 where process.printed.components(separatedBy: "TLS material reloaded").count - 1 < count {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(process.printed.components(separatedBy: "TLS material reloaded").count - 1 == count, "\(process.printed)")
        }
        let usPort = try #require(deployment.ports["US-CBP"])
        let usName = AgencyCertificateName.dnsName(of: "US-CBP")
        let usCertificate = "\(keys)/US-CBP.tls.crt"
        func admits(_ certificate: String) async throws -> Bool {
            try await Self.handshake(port: usPort, serverName: usName, ca: usCertificate,
                                     ["-cert", certificate + ".crt", "-key", certificate + ".key"]).answered
        }
        #expect(try await admits(old))
        #expect(try await !admits(new))

        let manifests = deployment.path("manifests")
        let generated = try Paxsim.run(["generate", "--seed", "9", "--flights", "24", "--travelers", "3", "--from", "SAL", "--to", "IAH",
                                        "--out", manifests])
        #expect(generated.status == 0, "\(generated.all)")
        let files = try FileManager.default.contentsOfDirectory(atPath: manifests).filter { $0.hasSuffix(".xml") }.sorted()
        #expect(files.count == 24)
        var submitted = 0
        func submitBatch() throws {
            let batch = files.dropFirst(submitted).prefix(6).map { "\(manifests)/\($0)" }
            let result = try Paxsim.run(["agency", "submit", "--config", sv.configPath] + batch)
            #expect(result.status == 0, "\(result.all)")
            submitted += batch.count
        }
        try submitBatch()
        // 1. US-CBP pins both certificates and reloads.
        try deployment.configure("US-CBP", peer: "SV-DGME", certificate: "keys/US-CBP.tls", ca: false, pins: ["\(old).crt", "\(new).crt"])
        try await reload(us, count: 1)
        #expect(try await admits(new), "during the change-over US-CBP admits both certificates")
        #expect(try await admits(old), "during the change-over US-CBP admits both certificates")
        try submitBatch()
        // 2. SV-DGME switches to the new certificate and reloads.
        try deployment.configure("SV-DGME", peer: "US-CBP", certificate: new, ca: false, pins: ["\(keys)/US-CBP.tls.crt"])
        try await reload(sv, count: 1)
        let svPort = try #require(deployment.ports["SV-DGME"])
        let newPEM = try String(contentsOfFile: new + ".crt", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let shown = try await OpenSSLClient.connect(port: svPort, certificate: "\(keys)/US-CBP.tls", ["-showcerts"], sending: nil)
        #expect(shown.stdout.contains(newPEM), "SV-DGME does not present the new certificate after SIGHUP")
        try submitBatch()
        // 3. US-CBP drops the old pin.
        try deployment.configure("US-CBP", peer: "SV-DGME", certificate: "keys/US-CBP.tls", ca: false, pins: ["\(new).crt"])
        try await reload(us, count: 2)
        #expect(try await !admits(old), "US-CBP still admits the old certificate")
        try submitBatch()

        let states = try await deployment.waitUntilAssessed("SV-DGME", count: files.count)
        #expect(states.count == files.count && states.values.allSatisfy { $0 == "assessed" }, "\(states)")
        // Nothing refused but the test's own two probes (the new certificate before it was pinned,
        // the old one after its pin was dropped).
        let usRefusals = try await Self.refusals(port: usPort, serverName: usName, ca: usCertificate, certificate: new, code: "not-pinned")
        #expect(usRefusals == 2, "US-CBP refused \(usRefusals) handshakes with an unpinned certificate: \(us.printed)")
        let svRefusals = try await Self.refusals(port: svPort, serverName: AgencyCertificateName.dnsName(of: "SV-DGME"), ca: new + ".crt",
                                           certificate: "\(keys)/US-CBP.tls", code: "not-pinned")
        #expect(svRefusals == 0)
    }

    @Test("paxsim demo --tls: the whole demo over mutual TLS with throwaway certificates")
    func demoOverTLS() throws {
        let result = try Paxsim.run(["demo", "--tls", "--flights", "2", "--travelers", "5", "--queries", "1", "--plant", "1"])
        #expect(result.status == 0, "\(result.all)")
        for expected in ["over mutual TLS", "SV-DGME listening on https://127.0.0.1:", "US-CBP listening on https://127.0.0.1:",
                         "forged message refused: yes", "demo: OK"] {
            #expect(result.stdout.contains(expected), "missing '\(expected)' in:\n\(result.stdout)")
        }
    }

    @Test("plain HTTP: on loopback the agency starts with one warning; on another address it is refused unless allowed")
    func plaintextListeners() async throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        func write(host: String, plaintext: Bool) throws {
            let json = """
                { "agency": "US-CBP", "listen": { "host": "\(host)", "port": \(deployment.ports["US-CBP"] ?? 0)\(plaintext ? ", \"plaintext\": \"allowed\"" : "") },
                  "database": "US-CBP.sqlite", "privateKey": "keys/US-CBP.key" }
                """
            try Data(json.utf8).write(to: deployment.directory.appendingPathComponent("US-CBP.json"))
        }
        try write(host: "0.0.0.0", plaintext: false)
        let refused = try Paxsim.run(["agency", "serve", "--config", deployment.path("US-CBP.json")], timeout: 30)
        #expect(refused.status == 2 && refused.stderr.contains("listen.host") && refused.stderr.contains("plain HTTP on the non-loopback address"),
                "\(refused.all)")
        try write(host: "127.0.0.1", plaintext: false)
        let agency = deployment.process("US-CBP")
        try agency.start()
        try await agency.waitUntilListening()
        #expect(agency.stop() == 0)
        #expect(agency.printed.components(separatedBy: "serving plain HTTP on loopback").count == 2, "\(agency.printed)")
    }
}
