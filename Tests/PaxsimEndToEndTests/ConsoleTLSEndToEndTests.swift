import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import Testing

/// The console served over TLS by real `paxsim` processes: `agency serve` with `console.tls`
/// (a certificate made by OpenSSL), and `demo --web --tls`. Checked with `openssl s_client` (an
/// independent client) and with our own client (AsyncHTTPClient over NIOSSL, trusting only the
/// console's certificate or the demo CA, with hostname verification).
@Suite("Console over TLS end to end", .serialized)
struct ConsoleTLSEndToEndTests {
    /// A self-signed console certificate for 127.0.0.1 and localhost made by OpenSSL, as
    /// `NAME.crt` and `NAME.key` (0600) in `directory`.
    static func makeCertificate(_ directory: URL, name: String) async throws -> String {
        let base = directory.appendingPathComponent(name).path
        let made = try await Paxsim.runProgramOffPool(OpenSSLClient.openssl, [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-keyout", base + ".key", "-out", base + ".crt", "-subj", "/CN=PaxSim console test",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-addext", "extendedKeyUsage=serverAuth",
        ])
        #expect(made.status == 0, "\(made.all)")
        chmod(base + ".key", 0o600)
        return base
    }

    /// The SHA-256 fingerprint OpenSSL gives the certificate file at `path`.
    static func fingerprint(file path: String) async throws -> String {
        try await OpenSSLClient.fingerprint(ofPEMIn: String(contentsOfFile: path, encoding: .utf8)) ?? "?"
    }

    /// The port in the first `https://127.0.0.1:PORT/` after `marker` in `text`.
    static func port(after marker: String, in text: String) -> Int? {
        guard let start = text.range(of: marker + "https://127.0.0.1:") else { return nil }
        return Int(text[start.upperBound...].prefix { $0.isNumber })
    }

    /// The rest of the line after `marker` in `text` (up to the next space, `)` or line end).
    static func word(after marker: String, in text: String) -> String? {
        guard let start = text.range(of: marker) else { return nil }
        let value = text[start.upperBound...].prefix { !$0.isWhitespace && $0 != ")" && $0 != "," }
        return value.isEmpty ? nil : String(value)
    }

    /// Our own client: verifies the console against `trust` only (full verification, so the
    /// certificate must name 127.0.0.1), no redirects followed.
    static func client(trusting trust: String) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(trust))
        tls.minimumTLSVersion = .tlsv12
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(20), read: .seconds(30))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Status, `Set-Cookie` values and body of one request.
    static func send(_ client: HTTPClient, _ request: HTTPClientRequest) async throws -> (status: Int, cookies: [String], body: String) {
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers["Set-Cookie"], String(buffer: body))
    }

    /// A plain HTTP request to `port`: what came back before the server closed (python3, raw TCP).
    static func plainHTTP(port: Int) async throws -> Paxsim.Result {
        let script = """
            import socket
            s = socket.create_connection(("127.0.0.1", \(port)), timeout=20)
            s.sendall(b"GET /login HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            print("closed", repr(data[:200]))
            """
        return try await Paxsim.runProgramOffPool("/usr/bin/python3", ["-c", script], timeout: 30)
    }

    @Test("agency serve with console.tls: login page over HTTPS to openssl s_client and to our client, Secure cookie, https origin; plain HTTP and TLS 1.1 refused; SIGHUP swaps the certificate")
    func agencyConsoleOverTLS() async throws {
        let directory = try Paxsim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = directory.appendingPathComponent("keys").path
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        let made = try await Paxsim.runOffPool(["keys", "generate", "--agency", "US-CBP", "--out", keys])
        #expect(made.status == 0, "\(made.all)")
        let certificate = try await Self.makeCertificate(directory, name: "console")
        let config = directory.appendingPathComponent("US-CBP.json").path
        try Data("""
            { "agency": "US-CBP", "listen": { "host": "127.0.0.1", "port": 0 },
              "database": "US-CBP.sqlite", "privateKey": "keys/US-CBP.key",
              "console": { "listen": "127.0.0.1:0", "tls": { "certificate": "console.crt", "privateKey": "console.key" } } }
            """.utf8).write(to: URL(fileURLWithPath: config))
        let agency = AgencyProcess(name: "US-CBP", configPath: config, logLevel: "notice")
        try agency.start()
        defer { agency.stop() }
        try await agency.waitUntilListening()
        try await agency.waitUntilPrinted("console at https://")
        let port = try #require(Self.port(after: "console at ", in: agency.printed), "\(agency.printed)")
        let token = try #require(Self.word(after: "operator token: ", in: agency.printed))
        let printedFingerprint = Self.word(after: "certificate SHA-256 ", in: agency.printed)
        let expectedFingerprint = try await Self.fingerprint(file: certificate + ".crt")
        #expect(printedFingerprint == expectedFingerprint, "\(agency.printed)")

        // openssl s_client: verifies the certificate (trusting only it) for 127.0.0.1.
        let login = try await OpenSSLClient.connect(port: port, verifyIP: "127.0.0.1", ca: certificate + ".crt", sending: OpenSSLClient.get("/login"))
        #expect(login.stdout.contains("HTTP/1.1 200") && login.stdout.contains("name=\"token\""), "\(login.all)")
        let tls12 = try await OpenSSLClient.connect(port: port, ca: certificate + ".crt", ["-tls1_2"], sending: OpenSSLClient.get("/login"))
        #expect(tls12.stdout.contains("HTTP/1.1 200"), "TLS 1.2 is the minimum and is accepted: \(tls12.all)")
        let tls11 = try await OpenSSLClient.connect(port: port, ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"], sending: OpenSSLClient.get("/login"))
        #expect(!tls11.stdout.contains("HTTP/1.1") && tls11.all.contains("alert"), "TLS 1.1: \(tls11.all)")

        // A plain HTTP request to the TLS port gets no HTTP answer, and the connection is closed.
        let plain = try await Self.plainHTTP(port: port)
        #expect(plain.stdout.hasPrefix("closed") && !plain.stdout.contains("HTTP/1.1"), "\(plain.all)")

        // Our own client.
        let client = try Self.client(trusting: certificate + ".crt")
        do {
            let page = try await Self.send(client, HTTPClientRequest(url: "https://127.0.0.1:\(port)/login"))
            #expect(page.status == 200 && page.body.contains("name=\"token\""))
            func logIn(origin: String?) async throws -> (status: Int, cookies: [String], body: String) {
                var request = HTTPClientRequest(url: "https://127.0.0.1:\(port)/login")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                if let origin { request.headers.add(name: "Origin", value: origin) }
                request.body = .bytes(ByteBuffer(string: "operator=Tester&token=\(token)"))
                return try await Self.send(client, request)
            }
            let loggedIn = try await logIn(origin: "https://127.0.0.1:\(port)")
            let cookie = loggedIn.cookies.first ?? ""
            #expect(loggedIn.status == 303 && cookie.hasPrefix("paxsim_console="), "\(loggedIn)")
            #expect(cookie.contains("; Secure") && cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Strict"), "\(cookie)")
            let crossScheme = try await logIn(origin: "http://127.0.0.1:\(port)")
            #expect(crossScheme.status == 403, "an http:// origin is another origin than the https:// console: \(crossScheme)")
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()

        // A client trusting the system's roots only refuses the console's self-signed certificate.
        let stranger = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let answered = try await Self.send(stranger, HTTPClientRequest(url: "https://127.0.0.1:\(port)/login"))
            Issue.record("a client that does not trust the certificate got an answer: \(answered.status)")
        } catch {
            #expect("\(error)".contains("CERTIFICATE_VERIFY_FAILED") || "\(error)".contains("handshakeFailed"), "\(error)")
        }
        try await stranger.shutdown()

        // SIGHUP: a new certificate in place of the old one serves new connections.
        let replacement = try await Self.makeCertificate(directory, name: "console-next")
        try FileManager.default.removeItem(atPath: certificate + ".crt")
        try FileManager.default.copyItem(atPath: replacement + ".crt", toPath: certificate + ".crt")
        try FileManager.default.removeItem(atPath: certificate + ".key")
        try FileManager.default.copyItem(atPath: replacement + ".key", toPath: certificate + ".key")
        chmod(certificate + ".key", 0o600)
        agency.send(SIGHUP)
        try await agency.waitUntilPrinted("console certificate reloaded")
        let shown = try await OpenSSLClient.connect(port: port, ["-showcerts"], sending: nil)
        let servedFingerprint = try await OpenSSLClient.fingerprint(ofPEMIn: shown.stdout)
        #expect(servedFingerprint == (try await Self.fingerprint(file: replacement + ".crt")), "\(shown.all)")
        agency.send(SIGTERM)
        #expect(try await agency.waitForExit(seconds: 60) == 0, "\(agency.printed)")
    }

    @Test("paxsim demo --web --tls: both consoles answer over HTTPS with certificates of the demo CA; the printed fingerprints are the served certificates'")
    func webDemoOverTLS() async throws {
        let directory = try Paxsim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = AgencyProcess(name: "demo --web --tls", arguments: ["demo", "--web", "--tls", "--duration", "15", "--interval", "0.5",
                                                                      "--dir", directory.path])
        try demo.start()
        defer { demo.stop() }
        try await demo.waitUntilPrinted("console certificate SHA-256: ", count: 2, seconds: 120)
        let ca = directory.appendingPathComponent("keys/paxsim-ca.crt").path
        #expect(demo.printed.contains("(\(ca))"), "the demo names its CA: \(demo.printed)")
        let client = try Self.client(trusting: ca)
        do {
            for agency in ["SV-DGME", "US-CBP"] {
                let port = try #require(Self.port(after: "\(agency) console: ", in: demo.printed), "\(demo.printed)")
                #expect(Self.word(after: "\(agency) console: https://127.0.0.1:\(port)/  operator token: ", in: demo.printed)?.hasPrefix("pxc-") == true)
                let printed = Self.word(after: "\(agency) console certificate SHA-256: ", in: demo.printed)
                let login = try await OpenSSLClient.connect(port: port, verifyIP: "127.0.0.1", ca: ca, sending: OpenSSLClient.get("/login"))
                #expect(login.stdout.contains("HTTP/1.1 200"), "\(agency): \(login.all)")
                let shown = try await OpenSSLClient.connect(port: port, ["-showcerts"], sending: nil)
                let served = try await OpenSSLClient.fingerprint(ofPEMIn: shown.stdout)
                #expect(served != nil && served == printed, "\(agency): served \(String(describing: served)), printed \(String(describing: printed))")
                let page = try await Self.send(client, HTTPClientRequest(url: "https://127.0.0.1:\(port)/login"))
                #expect(page.status == 200 && page.body.contains("name=\"token\""), "\(agency): \(page.status)")
            }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
        let status = try await demo.waitForExit(seconds: 120)
        #expect(status == 0 && demo.printed.contains("PaxSim web demo stopped"), "\(demo.printed)")
        #expect(!demo.printed.contains("could not submit"), "\(demo.printed)")
    }
}
