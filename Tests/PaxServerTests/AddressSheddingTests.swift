import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PaxExchange
import Testing
@testable import PaxServer

/// Shedding at accept: an address that keeps failing authentication past its rate limit has
/// its next connections closed before a byte is read, unless a message from it was
/// authenticated before.
@Suite("Address shedding")
struct AddressSheddingTests {
    let peers = TestPeers()

    @Test("an address is shed until its deadline, a proven one never, and proving lifts shedding")
    func sheddingTable() {
        var table = AddressShedding(capacity: 8, provenForMilliseconds: 10_000)
        do { let shed = table.shed("192.0.2.1", until: 2_000, now: 1_000); #expect(shed) }
        #expect(table.isShed("192.0.2.1", now: 1_999))
        #expect(!table.isShed("192.0.2.1", now: 2_000))
        #expect(!table.isShed("192.0.2.2", now: 1_000))
        // A later, shorter shedding does not shorten an earlier one.
        table.shed("192.0.2.1", until: 1_500, now: 1_100)
        #expect(table.isShed("192.0.2.1", now: 1_900))

        table.prove("192.0.2.1", now: 1_200)
        #expect(!table.isShed("192.0.2.1", now: 1_300), "proving lifts a shedding in force")
        do { let shed = table.shed("192.0.2.1", until: 9_000, now: 1_300); #expect(!shed, "a proven address is not shed") }
        #expect(!table.isShed("192.0.2.1", now: 1_400))
        // Remembered for provenForMilliseconds only.
        do { let shed = table.shed("192.0.2.1", until: 20_000, now: 11_200); #expect(shed) }
        #expect(table.isShed("192.0.2.1", now: 11_300))
    }

    @Test("both tables are bounded: a full shed table sheds no one new until entries expire; the oldest proof is forgotten")
    func boundedTables() {
        var table = AddressShedding(capacity: 4, provenForMilliseconds: 1_000_000)
        for i in 1...4 {
            let shed = table.shed("198.51.100.\(i)", until: 5_000, now: 0)
            #expect(shed)
        }
        do { let shed = table.shed("198.51.100.5", until: 5_000, now: 10); #expect(!shed, "full of live entries: not shed") }
        #expect(!table.isShed("198.51.100.5", now: 20))
        #expect(table.counts.shed == 4)
        // Once the others have expired, there is room again.
        do { let shed = table.shed("198.51.100.5", until: 9_000, now: 6_000); #expect(shed) }
        #expect(table.counts.shed == 1)

        for i in 1...4 { table.prove("203.0.113.\(i)", now: Int64(i)) }
        table.prove("203.0.113.9", now: 100)
        #expect(table.counts.proven == 4)
        #expect(!table.isProven("203.0.113.1", now: 200), "the oldest proof made room")
        #expect(table.isProven("203.0.113.2", now: 200) && table.isProven("203.0.113.9", now: 200))
    }

    func makeServer(shedSeconds: Double) -> (AgencyHTTPServer, RecordingIntake) {
        let intake = RecordingIntake(peers: peers)
        var logger = Logger(label: "paxsim-test")
        logger.logLevel = .critical
        let limits = ConnectionGate.Limits(maxConnections: 64, headTimeout: .seconds(10), bodyTimeout: .seconds(30),
                                           idleTimeout: .seconds(60), shedSeconds: shedSeconds)
        // One refusal per address, and the test clock stands still: no refill.
        let server = AgencyHTTPServer(
            options: .init(agency: "US-CBP", version: "test", port: 0, maxBodyBytes: 64 * 1_024,
                           ratePerPeer: .init(perSecond: 1_000, burst: 1_000), peers: ["SV-DGME", "GT-IGM"],
                           rateUnauthenticated: .init(perSecond: 1, burst: 1), connections: limits),
            intake: intake, database: nil, logger: logger, clock: TestClock().read)
        return (server, intake)
    }

    /// One request on a fresh connection: the status code, or 0 when the connection closed
    /// without an answer.
    func post(port: Int, forged: Bool) async throws -> Int {
        let body = Array("<m/>".utf8)
        let fields = try peers.fields(body, key: forged ? SigningKey.random() : nil) + [("Content-Length", String(body.count))]
        let answer = try await RawConnection.exchange(port: port, head: RawConnection.head(fields: fields), body: body)
        return answer.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    }

    @Test("past its 429, a forging address's next connection is closed unanswered, even for a genuine message; counted and summarised")
    func shedAfterRateLimit() async throws {
        let (server, intake) = makeServer(shedSeconds: 600)
        try await server.makeApplication().test(.live) { client in
            let port = try #require(client.port)
            #expect(try await post(port: port, forged: true) == 401)
            #expect(try await post(port: port, forged: true) == 429)
            #expect(try await post(port: port, forged: true) == 0)
            // Not proven from here: the shedding does not know who is genuine.
            #expect(try await post(port: port, forged: false) == 0)
        }
        #expect(server.gate.shedConnections == 2)
        #expect(server.refusals.total(code: "shed", claimedSender: "none") == 2)
        #expect(server.refusals.total(code: "rate-limited", claimedSender: "SV-DGME") == 1)
        #expect(server.gate.exposition().contains("paxsim_http_connections_shed_total 2"))
        #expect(intake.submissions.withLock { $0.isEmpty })
    }

    @Test("an address a message was authenticated from is never shed: its forgeries get 429s, its genuine messages go through")
    func provenAddressNotShed() async throws {
        let (server, intake) = makeServer(shedSeconds: 600)
        try await server.makeApplication().test(.live) { client in
            let port = try #require(client.port)
            #expect(try await post(port: port, forged: false) == 202)
            #expect(try await post(port: port, forged: true) == 401)
            for _ in 0..<3 { #expect(try await post(port: port, forged: true) == 429) }
            #expect(try await post(port: port, forged: false) == 202)
        }
        #expect(server.gate.shedConnections == 0)
        #expect(intake.submissions.withLock { $0.count } == 2)
    }

    @Test("without shedding (shedSeconds 0), a forging address gets a 429 on every connection")
    func sheddingOff() async throws {
        let (server, _) = makeServer(shedSeconds: 0)
        try await server.makeApplication().test(.live) { client in
            let port = try #require(client.port)
            #expect(try await post(port: port, forged: true) == 401)
            for _ in 0..<3 { #expect(try await post(port: port, forged: true) == 429) }
        }
        #expect(server.gate.shedConnections == 0)
    }

    @Test("configuration: shedding and its packet filter are on by default (at least 1 s) and can be turned off")
    func configuration() throws {
        func limits(_ extra: String) throws -> ConnectionGate.Limits {
            let configuration = try AgencyServiceConfiguration(json: Array("""
                {"agency": "US-CBP", "listen": {"port": 1}, "database": "d.sqlite", "privateKey": "k"\(extra)}
                """.utf8), path: "/srv/a/agency.json")
            return ConnectionGate.Limits(configuration: configuration.limits)
        }
        #expect(try limits("").shedSeconds == 1)
        #expect(try limits(#", "limits": {"shedRateLimitedAddresses": false}"#).shedSeconds == 0)
        #expect(throws: ConfigurationError.self) { try limits(#", "limits": {"shedRateLimitedAddresses": "yes"}"#) }
        #expect(try limits("").filtersShedPackets)
        #expect(try !limits(#", "limits": {"filterShedAddressPackets": false}"#).filtersShedPackets)
        #expect(try limits(#", "limits": {"filterShedAddressPackets": false}"#).shedSeconds == 1)
        #expect(try !limits(#", "limits": {"shedRateLimitedAddresses": false}"#).filtersShedPackets, "nothing shed, nothing filtered")
        #expect(throws: ConfigurationError.self) { try limits(#", "limits": {"filterShedAddressPackets": 1}"#) }
    }
}
