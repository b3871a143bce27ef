import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PaxExchange
import Testing
@testable import PaxServer

/// The peer listener against strangers: header-first authentication, deadlines, connection
/// cap, per-address limits for refusals, trusted proxies and refusal summaries.
@Suite("Intake hardening")
struct IntakeHardeningTests {
    let peers = TestPeers()

    func makeServer(limits: ConnectionGate.Limits = .init(maxConnections: 64, headTimeout: .seconds(10), bodyTimeout: .seconds(30),
                                                          idleTimeout: .seconds(60)),
                    rate: AgencyServiceConfiguration.RateLimit = .init(perSecond: 1, burst: 1_000),
                    strangers: AgencyServiceConfiguration.RateLimit = .init(perSecond: 1, burst: 1_000),
                    trustedProxies: [String] = [], clock: TestClock = TestClock()) -> (AgencyHTTPServer, RecordingIntake) {
        let intake = RecordingIntake(peers: peers)
        var logger = Logger(label: "paxsim-test")
        logger.logLevel = .critical
        let server = AgencyHTTPServer(
            options: .init(agency: "US-CBP", version: "test", port: 0, maxBodyBytes: 1 << 20, ratePerPeer: rate,
                           peers: ["SV-DGME", "GT-IGM"], rateUnauthenticated: strangers, connections: limits,
                           trustedProxies: trustedProxies),
            intake: intake, database: nil, logger: logger, clock: clock.read)
        return (server, intake)
    }

    @Test("a forged request is refused from its head alone: its body, which never comes, is not waited for")
    func forgedBodyNeverRead() async throws {
        let (server, intake) = makeServer()
        try await server.makeApplication().test(.live) { client in
            let port = try #require(client.port)
            let body = [UInt8](repeating: 0x41, count: 1_000_000)
            let forged = try peers.fields(body, key: SigningKey.random())
            let (answer, elapsed, closed) = try await RawConnection.off {
                let connection = try RawConnection(port: port)
                let started = ContinuousClock.now
                connection.send(RawConnection.head(fields: forged + [("Content-Length", "1000000")]))
                let answer = connection.read(wait: RawConnection.answerWait) ?? ""
                let elapsed = started.duration(to: .now)
                // ... and the connection is closed rather than drained.
                return (answer, elapsed, connection.isClosed(wait: RawConnection.answerWait))
            }
            #expect(answer.hasPrefix("HTTP/1.1 401"), "\(answer.prefix(200))")
            #expect(answer.contains("bad-signature"))
            // The body timeout is 30 s: an answer well before it was not waiting for the body.
            #expect(elapsed < .seconds(15))
            #expect(closed)
        }
        #expect(intake.submissions.withLock { $0.isEmpty })
    }

    @Test("a head that trickles in is cut off with 408 at the head deadline")
    func slowHeadCutOff() async throws {
        let (server, _) = makeServer(limits: .init(maxConnections: 8, headTimeout: .milliseconds(400), bodyTimeout: .seconds(30),
                                                   idleTimeout: .seconds(60)))
        try await server.makeApplication().test(.live) { client in
            let port = try #require(client.port)
            let (answer, elapsed) = try await RawConnection.off {
                let connection = try RawConnection(port: port)
                let started = ContinuousClock.now
                connection.send("POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                var answer: String? = nil
                // The drip would go on for 30 s: an answer well before that is the 400 ms head deadline.
                for index in 0..<300 where answer == nil {
                    guard connection.send("X-Drip-\(index): x\r\n") else { break }
                    answer = connection.read(wait: 100)
                }
                return (answer ?? connection.read(wait: RawConnection.answerWait), started.duration(to: .now))
            }
            #expect(answer?.hasPrefix("HTTP/1.1 408") == true, "\(answer?.prefix(200) ?? "nothing")")
            #expect(elapsed < .seconds(15))
        }
        #expect(server.gate.timeouts.head >= 1)
    }

    @Test("an authenticated body that trickles in is cut off with 408 at the body deadline")
    func slowBodyCutOff() async throws {
        let (server, intake) = makeServer(limits: .init(maxConnections: 8, headTimeout: .seconds(10), bodyTimeout: .milliseconds(500),
                                                        idleTimeout: .seconds(60)))
        try await server.makeApplication().test(.live) { client in
            let port = try #require(client.port)
            let head = RawConnection.head(fields: try peers.fields([UInt8](repeating: 0x41, count: 100_000))
                                          + [("Content-Length", "100000")])
            let (answer, elapsed) = try await RawConnection.off {
                let connection = try RawConnection(port: port)
                let started = ContinuousClock.now
                connection.send(head)
                var answer: String? = nil
                // The trickle would go on for 30 s: an answer well before that is the 500 ms body deadline.
                for _ in 0..<600 where answer == nil {
                    guard connection.send([UInt8](repeating: 0x41, count: 10)) else { break }
                    answer = connection.read(wait: 50)
                }
                return (answer ?? connection.read(wait: RawConnection.answerWait), started.duration(to: .now))
            }
            #expect(answer?.hasPrefix("HTTP/1.1 408") == true, "\(answer?.prefix(200) ?? "nothing")")
            #expect(elapsed < .seconds(15))
        }
        #expect(server.gate.timeouts.body == 1)
        #expect(intake.submissions.withLock { $0.isEmpty })
        #expect(server.budget.inUse == 0)
    }

    @Test("connections beyond the cap get 503 at once and are closed; a freed slot is usable again")
    func connectionCap() async throws {
        let cap = 4
        let (server, _) = makeServer(limits: .init(maxConnections: cap, headTimeout: .seconds(10), bodyTimeout: .seconds(30),
                                                   idleTimeout: .seconds(60)))
        try await server.makeApplication().test(.live) { client in
            let port = try #require(client.port)
            try await Task.sleep(for: .milliseconds(200))
            // The test client may hold a connection of its own: fill the rest.
            let free = cap - server.gate.openConnections
            var held = try (0..<free).map { _ in try RawConnection(port: port) }
            try await Task.sleep(for: .milliseconds(300))
            #expect(server.gate.openConnections == cap)
            let (answer, closed) = try await RawConnection.off {
                let extra = try RawConnection(port: port)
                return (extra.read(wait: RawConnection.answerWait) ?? "", extra.isClosed(wait: RawConnection.answerWait))
            }
            #expect(answer.hasPrefix("HTTP/1.1 503"), "\(answer.prefix(200))")
            #expect(answer.contains("too-many-connections"))
            #expect(closed)
            held.removeAll()
            try await Task.sleep(for: .milliseconds(300))
            let health = try await RawConnection.exchange(port: port, head: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", body: [])
            #expect(health.hasPrefix("HTTP/1.1 200"), "\(health.prefix(200))")
        }
        #expect(server.gate.refusedConnections == 1)
    }

    @Test("refusals are limited per client address; forgeries in a peer's name never drain that peer's bucket; X-Forwarded-For only from trusted proxies")
    func strangerLimits() async throws {
        let (server, intake) = makeServer(rate: .init(perSecond: 1, burst: 2), strangers: .init(perSecond: 1, burst: 3),
                                          trustedProxies: ["127.0.0.1"])
        try await server.makeApplication().test(.live) { client in
            let port = try #require(client.port)
            func post(forged: Bool, from address: String) async throws -> HTTPResponse.Status {
                let body = Array("<m/>".utf8)
                let fields = try peers.fields(body, key: forged ? SigningKey.random() : nil)
                    + [("X-Forwarded-For", address), ("Content-Length", String(body.count))]
                let answer = try await RawConnection.exchange(port: port, head: RawConnection.head(fields: fields), body: body)
                let code = answer.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
                return HTTPResponse.Status(code: code)
            }
            for _ in 0..<3 { do { let status = try await post(forged: true, from: "203.0.113.7"); #expect(status == .unauthorized) } }
            for _ in 0..<5 { do { let status = try await post(forged: true, from: "203.0.113.7"); #expect(status == .tooManyRequests) } }
            // The genuine SV-DGME, even from the forger's address: authentication comes first, and the
            // forgeries in its name took nothing from its own bucket (burst 2).
            do { let status = try await post(forged: false, from: "203.0.113.7"); #expect(status == .accepted) }
            do { let status = try await post(forged: false, from: "198.51.100.2"); #expect(status == .accepted) }
            do { let status = try await post(forged: false, from: "198.51.100.2"); #expect(status == .tooManyRequests) }
        }
        #expect(intake.submissions.withLock { $0.count } == 2)
        #expect(server.refusals.total(code: "bad-signature", claimedSender: "SV-DGME") == 3)
        #expect(server.refusals.total(code: "rate-limited", claimedSender: "SV-DGME") == 5)
        // From an untrusted address, X-Forwarded-For is ignored.
        let resolver = ClientAddress(trustedProxies: ["10.0.0.1"])
        #expect(resolver.resolve(remoteHost: "192.0.2.9", forwardedFor: "198.51.100.2") == "192.0.2.9")
        #expect(resolver.resolve(remoteHost: "10.0.0.1", forwardedFor: "6.6.6.6, 198.51.100.2") == "198.51.100.2")
        #expect(resolver.resolve(remoteHost: "10.0.0.1", forwardedFor: "198.51.100.2, 10.0.0.1") == "198.51.100.2")
        #expect(resolver.resolve(remoteHost: "10.0.0.1", forwardedFor: "not-an-address") == "10.0.0.1")
    }

    @Test("a flood of 300 forged requests reaches no intake and adds one summary record per (code, claimed sender, remote), with the count")
    func floodSummarised() async throws {
        let fixture = try await AuditFixture(records: 0)
        defer { fixture.directory.remove() }
        let (server, intake) = makeServer()
        try await server.makeApplication().test(.router) { client in
            let body = Array("<TravelerManifest/>".utf8)
            for index in 0..<300 {
                let sender = index.isMultiple(of: 3) ? "GT-IGM" : "SV-DGME"
                let headers = try peers.headers(body, sender: sender, key: SigningKey.random())
                try await client.execute(uri: "/messages", method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
                    #expect(response.status == .unauthorized)
                }
            }
        }
        #expect(intake.submissions.withLock { $0.isEmpty })
        let written = try await server.refusals.writeSummary(to: fixture.log, intervalSeconds: 60)
        #expect(written == 2)
        let records = try await fixture.log.records()
        #expect(records.count == 2)
        let details = try records.map { try JSONDecoder().decode([String: String].self, from: Data($0.detailsJSON.utf8)) }
        #expect(Set(details.map { $0["claimed-sender"] ?? "" }) == ["GT-IGM", "SV-DGME"])
        let counts: [Int] = details.map { Int($0["count"] ?? "") ?? 0 }
        #expect(counts.reduce(0, +) == 300)
        #expect(details.allSatisfy { $0["reason"] == "bad-signature" })
        #expect(try await fixture.log.verify().isIntact)
        // Nothing new: no record.
        #expect(try await server.refusals.writeSummary(to: fixture.log, intervalSeconds: 60) == 0)
    }

    @Test("the refusal ledger bounds its keys per interval and its metric labels")
    func ledgerBounds() {
        let ledger = RefusalLedger(knownSenders: ["SV-DGME"], maxKeysPerInterval: 4)
        for index in 0..<100 { ledger.record(code: "unknown-sender", claimedSender: "X-\(index)", remote: "192.0.2.\(index)") }
        let drained = ledger.drain()
        #expect(drained.count == 5)
        #expect(drained.last?.key.claimedSender == "*" && drained.last?.count == 96)
        #expect(ledger.total(code: "unknown-sender", claimedSender: "other") == 100)
    }

    @Test("the body memory budget refuses what does not fit and gives back what is released")
    func budget() {
        let budget = BodyBudget(capacity: 100)
        #expect(budget.reserve(60))
        #expect(!budget.reserve(41))
        #expect(budget.reserve(40))
        budget.release(60)
        #expect(budget.reserve(60))
        #expect(!budget.reserve(-1))
    }
}
