import Foundation
import Testing
@testable import PaxServer

/// The configuration of an agency on PostgreSQL with several instances: the database URL or
/// object, the instance name, the outbox lease, and peers with several URLs.
@Suite("Agency configuration: PostgreSQL and instances")
struct InstanceConfigurationTests {
    static func configuration(_ members: String) throws(ConfigurationError) -> AgencyServiceConfiguration {
        let json = """
            {
              "agency": "US-CBP",
              "listen": { "port": 8401 },
              "privateKey": "keys/US-CBP.key",
              \(members)
            }
            """
        return try AgencyServiceConfiguration(json: Array(json.utf8), path: "/srv/agency/config.json")
    }

    @Test("a postgres:// database: location parsed, instance named, operator socket per instance, lease given")
    func postgresURL() throws {
        var configuration = try Self.configuration("""
            "database": "postgres://cbp:s%40cret@127.0.0.1:5433/us_cbp", "instance": "gw-1",
            "timing": { "outboxLeaseSeconds": 7 }
            """)
        #expect(configuration.postgres == PostgresLocation(host: "127.0.0.1", port: 5433, user: "cbp", password: "s@cret", database: "us_cbp"))
        #expect(configuration.databasePath == "postgres://cbp:***@127.0.0.1:5433/us_cbp")
        #expect(configuration.instance == "gw-1")
        #expect(configuration.timing.outboxLeaseSeconds == 7)
        #expect(configuration.operatorListener == .unixSocket(path: "/srv/agency/us-cbp.gw-1.operator.sock"))
        try configuration.setInstance("gw-2")
        #expect(configuration.instance == "gw-2")
        #expect(configuration.operatorListener == .unixSocket(path: "/srv/agency/us-cbp.gw-2.operator.sock"))
        #expect(throws: ConfigurationError.self) { try configuration.setInstance("no spaces") }
    }

    @Test("a postgres object; SQLite stays the default with instance 'main' and a 30 s lease")
    func postgresObjectAndDefaults() throws {
        let object = try Self.configuration("""
            "postgres": { "host": "db.internal", "user": "cbp", "database": "us_cbp" }
            """)
        #expect(object.postgres == PostgresLocation(host: "db.internal", port: 5432, user: "cbp", database: "us_cbp"))
        let sqlite = try Self.configuration(#""database": "us-cbp.sqlite""#)
        #expect(sqlite.postgres == nil)
        #expect(sqlite.databasePath == "/srv/agency/us-cbp.sqlite")
        #expect(sqlite.instance == "main")
        #expect(sqlite.timing.outboxLeaseSeconds == 30)
        #expect(sqlite.operatorListener == .unixSocket(path: "/srv/agency/us-cbp.sqlite.operator.sock"))
    }

    @Test("a peer with several URLs: url first, then urls, duplicates dropped")
    func peerURLs() throws {
        let configuration = try Self.configuration("""
            "database": "us.sqlite",
            "peers": [
              { "agency": "SV-DGME", "url": "http://127.0.0.1:1", "urls": ["http://127.0.0.1:1", "http://127.0.0.1:2"], "publicKey": "sv.pub" },
              { "agency": "GT-IGM", "urls": ["http://127.0.0.1:3", "http://127.0.0.1:4"], "publicKey": "gt.pub" }
            ]
            """)
        #expect(configuration.peer("SV-DGME")?.urls == ["http://127.0.0.1:1", "http://127.0.0.1:2"])
        #expect(configuration.peer("GT-IGM")?.url == "http://127.0.0.1:3")
        #expect(configuration.peer("GT-IGM")?.urls == ["http://127.0.0.1:3", "http://127.0.0.1:4"])
    }

    @Test("bad configurations name the line, key and what is wrong", arguments: [
        (#""database": "a.sqlite", "postgres": { "user": "u", "database": "d" }"#, "postgres", "either"),
        (#""database": "postgres://127.0.0.1/db""#, "database", "names no user"),
        (#""database": "postgres://u@h:99999/db""#, "database", "port"),
        (#""postgres": { "database": "d" }"#, "postgres.user", "missing"),
        (#""database": "a.sqlite", "instance": "a/b""#, "instance", "instance name"),
        (#""database": "a.sqlite", "timing": { "outboxLeaseSeconds": 0 }"#, "timing.outboxLeaseSeconds", "out of range"),
        (#""database": "a.sqlite", "peers": [{ "agency": "SV-DGME", "publicKey": "k" }]"#, "peers[0].url", "missing"),
        (#""database": "a.sqlite", "peers": [{ "agency": "SV-DGME", "urls": ["ftp://x"], "publicKey": "k" }]"#, "peers[0].urls", "http"),
        (#""database": "a.sqlite", "peers": [{ "agency": "SV-DGME", "urls": [3], "publicKey": "k" }]"#, "peers[0].urls[0]", "string"),
    ])
    func bad(members: String, keyPath: String, reason: String) {
        do {
            _ = try Self.configuration(members)
            Issue.record("accepted: \(members)")
        } catch {
            #expect(error.keyPath == keyPath, "\(error)")
            #expect(error.reason.contains(reason), "\(error)")
            #expect(error.line > 0, "\(error)")
        }
    }
}
