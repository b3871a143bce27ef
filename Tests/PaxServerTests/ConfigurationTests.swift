import Foundation
import PaxTestSupport
import Testing
@testable import PaxServer

@Suite("Agency configuration")
struct ConfigurationTests {
    static let good = """
        {
          "agency": "US-CBP",
          "listen": { "host": "0.0.0.0", "port": 8401, "plaintext": "allowed" },
          "database": "data/us-cbp.sqlite",
          "privateKey": "keys/US-CBP.key",
          "peers": [
            { "agency": "SV-DGME", "url": "http://127.0.0.1:8402", "publicKey": "keys/SV-DGME.pub" },
            { "agency": "GT-IGM", "url": "https://gt.example:443/pax", "publicKey": "/etc/paxsim/GT-IGM.pub" }
          ],
          "watchList": "watchlist.xml",
          "limits": { "maxBodyBytes": 1048576, "ratePerPeer": { "perSecond": 5, "burst": 10 } },
          "retention": { "maskAfterDays": 90 }
        }
        """

    @Test("a full configuration: values, defaults, paths resolved against the file's directory")
    func goodConfiguration() throws {
        let configuration = try AgencyServiceConfiguration(json: Array(Self.good.utf8), path: "/srv/agency/config.json")
        #expect(configuration.agency == "US-CBP")
        #expect(configuration.listenHost == "0.0.0.0")
        #expect(configuration.listenPort == 8401)
        #expect(configuration.databasePath == "/srv/agency/data/us-cbp.sqlite")
        #expect(configuration.privateKeyPath == "/srv/agency/keys/US-CBP.key")
        #expect(configuration.peers.map(\.agency) == ["SV-DGME", "GT-IGM"])
        #expect(configuration.peers[0].publicKeyPath == "/srv/agency/keys/SV-DGME.pub")
        #expect(configuration.peers[1].publicKeyPath == "/etc/paxsim/GT-IGM.pub")
        #expect(configuration.peer("GT-IGM")?.url == "https://gt.example:443/pax")
        #expect(configuration.watchListPath == "/srv/agency/watchlist.xml")
        #expect(configuration.rulesPath == nil)
        #expect(configuration.limits.maxBodyBytes == 1_048_576)
        #expect(configuration.limits.replayWindowSeconds == 300)  // default
        #expect(configuration.limits.ratePerPeer == .init(perSecond: 5, burst: 10))
        #expect(configuration.retention.maskAfterDays == 90)
    }

    @Test("listener limits, operator listener and trusted proxies: given and defaulted")
    func listenerOptions() throws {
        let given = try AgencyServiceConfiguration(json: Array("""
            {"agency": "US-CBP", "listen": {"port": 1}, "database": "d.sqlite", "privateKey": "k",
             "operator": {"host": "::1", "port": 8499}, "trustedProxies": ["10.0.0.1", "fd00::1"],
             "limits": {"headTimeoutMilliseconds": 700, "bodyTimeoutMilliseconds": 9000, "idleTimeoutSeconds": 5,
                        "maxConnections": 12, "maxBodyBytesInFlight": 16777216, "refusalSummarySeconds": 30,
                        "rateUnauthenticated": {"perSecond": 2, "burst": 4}}}
            """.utf8), path: "/srv/a/agency.json")
        #expect(given.operatorListener == .loopback(host: "::1", port: 8499))
        #expect(given.trustedProxies == ["10.0.0.1", "fd00::1"])
        #expect(given.limits.headTimeoutMilliseconds == 700 && given.limits.bodyTimeoutMilliseconds == 9_000)
        #expect(given.limits.idleTimeoutSeconds == 5 && given.limits.maxConnections == 12)
        #expect(given.limits.maxBodyBytesInFlight == 16 << 20 && given.limits.refusalSummarySeconds == 30)
        #expect(given.limits.rateUnauthenticated == .init(perSecond: 2, burst: 4))
        let defaulted = try AgencyServiceConfiguration(json: Array("""
            {"agency": "US-CBP", "listen": {"port": 1}, "database": "d.sqlite", "privateKey": "k"}
            """.utf8), path: "/srv/a/agency.json")
        #expect(defaulted.operatorListener == .unixSocket(path: "/srv/a/d.sqlite.operator.sock"))
        #expect(defaulted.trustedProxies.isEmpty)
        #expect(defaulted.limits == AgencyServiceConfiguration.Limits())
        #expect(OperatorClient.operatorURL(defaulted.operatorListener) == "http+unix://%2Fsrv%2Fa%2Fd%2Esqlite%2Eoperator%2Esock")
    }

    @Test("a minimal configuration gets loopback and the defaults")
    func minimalConfiguration() throws {
        let json = #"{"agency":"SV-DGME","listen":{"port":0},"database":"sv.sqlite","privateKey":"SV-DGME.key"}"#
        let configuration = try AgencyServiceConfiguration(json: Array(json.utf8), path: "cfg/sv.json")
        #expect(configuration.listenHost == "127.0.0.1")
        #expect(configuration.peers.isEmpty)
        #expect(configuration.retention == .pnrAgreement)
        #expect(configuration.limits == AgencyServiceConfiguration.Limits())
        #expect(configuration.databasePath.hasSuffix("/cfg/sv.sqlite"))
    }

    @Test("bad configurations: line, key path and what is wrong", arguments: [
        (#"{ "agency": "US-CBP", "listen": {"port": 1}, "database": "d", "privateKey": "k", "retention": {"maskAfterDay": 5} }"#,
         1, "retention.maskAfterDay", "unknown key"),
        ("{\n  \"agency\": \"US-CBP\",\n  \"listen\": {\"port\": 70000},\n  \"database\": \"d\", \"privateKey\": \"k\"\n}",
         3, "listen.port", "out of range"),
        ("{\n  \"agency\": \"US CBP\"\n}", 2, "agency", "contains ' '"),
        ("{\n  \"agency\": \"US-CBP\",\n  \"listen\": {\"port\": 1},\n  \"database\": \"d\"\n}", 1, "privateKey", "missing"),
        ("{\n  \"agency\": \"US-CBP\",\n  \"listen\": {\"port\": \"8401\"}\n}", 3, "listen.port", "expected a whole number, found a string"),
        ("{\n  \"agency\": \"US-CBP\",\n  \"listen\": {\"port\": 1},\n  \"database\": \"d\", \"privateKey\": \"k\",\n  \"peers\": [\n    {\"agency\": \"SV\", \"url\": \"http://a\", \"publicKey\": \"p\"},\n    {\"agency\": \"GT\", \"url\": \"ftp://x\", \"publicKey\": \"p\"}\n  ]\n}",
         7, "peers[1].url", "http:// or https://"),
        ("{\n  \"agency\": \"US-CBP\",\n  \"listen\": {\"port\": 1},\n  \"database\": \"d\", \"privateKey\": \"k\",\n  \"peers\": [\n    {\"agency\": \"US-CBP\", \"url\": \"http://a\", \"publicKey\": \"p\"}\n  ]\n}",
         6, "peers[0].agency", "this agency itself"),
        ("{\n  \"agency\": \"US-CBP\",\n  \"listen\": {\"port\": 1},\n  \"database\": \"d\", \"privateKey\": \"k\",\n  \"peers\": [\n    {\"agency\": \"SV\", \"url\": \"http://a\", \"publicKey\": \"p\"},\n    {\"agency\": \"SV\", \"url\": \"http://b\", \"publicKey\": \"q\"}\n  ]\n}",
         7, "peers[1].agency", "listed twice"),
        ("{\n  \"agency\": \"US-CBP\",\n  \"listen\": {\"port\": 1},\n}", 4, "", "invalid JSON"),
        ("{\n  \"agency\": \"US-CBP\"\n  \"listen\": 1\n}", 3, "", "expected ',' or '}'"),
        ("{\n  \"agency\": \"a\",\n  \"agency\": \"b\"\n}", 3, "", "appears twice"),
        ("[1, 2]", 1, "(top level)", "expected an object"),
        ("", 1, "", "unexpected end of file"),
        ("{\"agency\": \"US-CBP\", \"listen\": {\"port\": 1}, \"database\": \"d\", \"privateKey\": \"k\", \"limits\": {\"maxBodyBytes\": 1.5}}",
         1, "limits.maxBodyBytes", "whole number"),
        ("{\n  \"agency\": \"US-CBP\",\n  \"territory\": [\"IAH\",\n    \"jfk\"]\n}", 4, "territory[1]", "IATA airport code"),
        ("{\"agency\": \"US-CBP\", \"listen\": {\"port\": 1}, \"database\": \"d\", \"privateKey\": \"k\",\n \"timing\": {\"retryBaseMilliseconds\": 500, \"retryCapMilliseconds\": 100}}",
         2, "timing.retryCapMilliseconds", "must not be below retryBaseMilliseconds"),
        ("{\"agency\": \"US-CBP\", \"listen\": {\"port\": 1}, \"database\": \"d\", \"privateKey\": \"k\",\n \"operator\": {\"host\": \"0.0.0.0\", \"port\": 9}}",
         2, "operator.host", "loopback"),
        ("{\"agency\": \"US-CBP\", \"listen\": {\"port\": 1}, \"database\": \"d\", \"privateKey\": \"k\",\n \"operator\": {\"socket\": \"s\", \"port\": 9}}",
         2, "operator.socket", "not both"),
        ("{\"agency\": \"US-CBP\", \"listen\": {\"port\": 1}, \"database\": \"d\", \"privateKey\": \"k\",\n \"trustedProxies\": [\"10.0.0.1\",\n \"proxy.example\"]}",
         3, "trustedProxies[1]", "IPv4 or IPv6"),
        ("{\"agency\": \"US-CBP\", \"listen\": {\"port\": 1}, \"database\": \"d\", \"privateKey\": \"k\",\n \"limits\": {\"maxBodyBytes\": 2048, \"maxBodyBytesInFlight\": 1024}}",
         2, "limits.maxBodyBytesInFlight", "must not be below maxBodyBytes"),
        ("{\"agency\": \"US-CBP\", \"listen\": {\"port\": 1}, \"database\": \"d\", \"privateKey\": \"k\",\n \"limits\": {\"headTimeoutMilliseconds\": 0}}",
         2, "limits.headTimeoutMilliseconds", "out of range"),
    ])
    func badConfiguration(json: String, line: Int, keyPath: String, reason: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try AgencyServiceConfiguration(json: Array(json.utf8), path: "agency.json")
        }
        #expect(error.path == "agency.json")
        #expect(error.line == line, "\(error)")
        #expect(error.keyPath == keyPath, "\(error)")
        #expect(error.reason.contains(reason), "\(error)")
        #expect(error.description.hasPrefix("agency.json:\(line): "))
    }

    @Test("load: missing file, non-UTF-8 file")
    func loadErrors() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = try #require(throws: ConfigurationError.self) { try AgencyServiceConfiguration.load(path: directory.file("none.json")) }
        #expect(missing.reason == "no such file")
        try Data([0x7B, 0xFF, 0x7D]).write(to: directory.url.appendingPathComponent("bad.json"))
        let binary = try #require(throws: ConfigurationError.self) { try AgencyServiceConfiguration.load(path: directory.file("bad.json")) }
        #expect(binary.reason == "not UTF-8 text")
        try Data(Self.good.utf8).write(to: directory.url.appendingPathComponent("good.json"))
        let loaded = try AgencyServiceConfiguration.load(path: directory.file("good.json"))
        #expect(loaded.privateKeyPath == directory.url.appendingPathComponent("keys/US-CBP.key").standardizedFileURL.path)
    }

    @Test("the JSON reader: escapes, unicode, nesting bound, no crash on junk")
    func jsonReader() throws {
        let node = try JSONDocument.parse(Array(#"{"a": "x\"\\\/\n\u00e9\ud83d\ude00", "b": [true, false, null, -1.5e3]}"#.utf8))
        guard case .object(let members) = node.value else { Issue.record("not an object"); return }
        #expect(members[0].value.value == .string("x\"\\/\né😀"))
        #expect(members[1].value.value == .array([
            JSONNode(value: .bool(true), line: 1), JSONNode(value: .bool(false), line: 1),
            JSONNode(value: .null, line: 1), JSONNode(value: .number("-1.5e3"), line: 1),
        ]))
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONSyntaxError.self) { try JSONDocument.parse(Array(deep.utf8)) }
        for junk in ["{", "\"abc", "01", "-", "1.", "1e", "tru", "\"\\u12\"", "\"\\ud800\"", "{\"a\" 1}", "[1,]", "nul", "\"a\nb\""] {
            #expect(throws: JSONSyntaxError.self, "\(junk)") { try JSONDocument.parse(Array(junk.utf8)) }
        }
        // Random junk from JSON's own alphabet: every input parses or is refused with a position
        // inside it, never a crash (seeded, so a failure reproduces).
        var generator = SplitMix64(state: 18)
        let alphabet = Array("{}[]\",:\\u0123456789.eE+-truefalsnl \n".utf8)
        var parsed = 0
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            do {
                _ = try JSONDocument.parse(bytes)
                parsed += 1
            } catch {
                let lines = bytes.filter { $0 == UInt8(ascii: "\n") }.count + 1
                #expect((1...lines).contains(error.line), "\(String(decoding: bytes, as: UTF8.self)): line \(error.line)")
                #expect(error.column >= 1 && !error.message.isEmpty)
            }
        }
        #expect(parsed > 0 && parsed < 2_000)
    }
}
