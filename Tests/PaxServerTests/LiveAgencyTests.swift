import Foundation
import GRDB
import Logging
import PaxExchange
import PaxGenerator
import PaxMessages
import PaxRisk
import Synchronization
import Testing
@testable import PaxServer

/// Two live agencies joined by an in-process transport (no sockets): the driver's commit,
/// send, timer and restart behaviour against real SQLite files. (The waits are long because
/// end-to-end suites running at the same time can hold the 2-core machine's cooperative
/// threads while their subprocesses run; a passing run takes well under a second.)
@Suite("Live agency driver")
struct LiveAgencyTests {
    /// Delivers straight into the target agency's `receive`; can be switched off (a partition).
    final class LoopTransport: PeerTransport {
        let agencies = Mutex<[String: LiveAgency]>([:])
        let up = Mutex(true)
        let attempts = Mutex(0)

        func deliver(_ frame: [UInt8], to peer: String) async -> DeliveryResult {
            attempts.withLock { $0 += 1 }
            guard up.withLock({ $0 }), let target = agencies.withLock({ $0[peer] }) else { return .failed("link down") }
            let result = await target.receive(frame)
            if let reply = result.reply { return .reply(reply) }
            if let refusal = result.refusal { return .refused(status: 400, code: refusal.reason.rawValue) }
            return result.failed ? .failed("peer could not commit") : .accepted
        }

        func shutdown() async {}
    }

    struct Pair {
        let directory: TemporaryDirectory
        let configurations: [String: AgencyConfiguration]
        let transport = LoopTransport()

        init() throws {
            directory = try TemporaryDirectory()
            // Fast retries that never run out: while other suites hold the cooperative threads, a
            // timer can fire minutes late, and the test must not depend on wall-clock luck.
            let timing = try ExchangeTiming(retryBase: 50, retryCap: 200, maxAttempts: 20_000,
                                            replayWindow: 10_000_000, skewTolerance: 1_000,
                                            dedupWindow: 30_000_000, assessmentDeadline: 10_000_000)
            let sv = SigningKey.random(), us = SigningKey.random()
            let svPeer = Peer(id: "SV-DGME", publicKey: sv.publicKey, territory: ["SAL"])
            let usPeer = Peer(id: "US-CBP", publicKey: us.publicKey, territory: ["IAH", "MIA"])
            configurations = [
                "SV-DGME": AgencyConfiguration(id: "SV-DGME", signingKey: sv, territory: ["SAL"], peers: [usPeer],
                                                           timing: timing, screening: RiskEngine(screener: nil)),
                "US-CBP": AgencyConfiguration(id: "US-CBP", signingKey: us, territory: ["IAH", "MIA"], peers: [svPeer],
                                                          timing: timing, screening: RiskEngine(screener: nil)),
            ]
        }

        func database(_ id: String) throws -> AgencyDatabase { try AgencyDatabase.open(path: directory.file("\(id).sqlite")) }

        /// Opens (or reopens, after a "crash") an agency over its database file and starts it.
        func open(_ id: String) async throws -> LiveAgency {
            let configuration = try #require(configurations[id])
            let agency = try LiveAgency(configuration: configuration, database: try database(id), transport: transport,
                                        logger: Logger(label: "test"))
            transport.agencies.withLock { $0[id] = agency }
            await agency.start()
            return agency
        }
    }

    static func manifest(seed: UInt64 = 3, travelers: Int = 6) throws -> TravelerManifest {
        var generator = Generator(seed: seed)
        let plan = try generator.flight(on: try #require(CalendarDate("2026-03-14")), from: "SAL", to: "IAH")
        return generator.passengerList(for: plan, travelers: travelers)
    }

    /// Polls `condition` until it holds; past `seconds`, throws (the test stops there instead
    /// of waiting again at each later step).
    static func waitFor(_ what: Comment, seconds: Double = 300, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw WaitTimedOut(what: "\(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    struct WaitTimedOut: Error, CustomStringConvertible {
        let what: String
        var description: String { "timed out waiting: " + what }
    }

    @Test("a manifest is acknowledged, screened and assessed; both audit chains verify; the receiver archives the travellers")
    func fullExchange() async throws {
        let pair = try Pair()
        defer { pair.directory.remove() }
        let sv = try await pair.open("SV-DGME"), us = try await pair.open("US-CBP")
        let manifest = try Self.manifest()
        let id = try await sv.submit(manifest)
        try await Self.waitFor("assessed") { await sv.manifests().first { $0.messageId == id }?.state == .assessed }
        let record = try #require(await sv.manifests().first { $0.messageId == id })
        #expect(record.outcomes.count == manifest.travelers.count)
        #expect(await us.manifests().first { $0.messageId == id }?.state == .received)
        await sv.shutdown()
        await us.shutdown()
        for agency in ["SV-DGME", "US-CBP"] {
            #expect(try await AuditLog(database: try pair.database(agency)).verify().isIntact)
        }
        let archived = try await pair.database("US-CBP").pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM traveller_data WHERE message_id = ?", arguments: [id])
        }
        #expect(archived == manifest.travelers.count)
        let kinds = try await pair.database("US-CBP").pool.read { db in try String.fetchAll(db, sql: "SELECT kind FROM audit_log") }
        #expect(kinds.contains("message-in") && kinds.contains("message-out"))
    }

    @Test("a sender that crashes while its peer is unreachable resends from its store after the restart, and the manifest is assessed once")
    func crashAndRestart() async throws {
        let pair = try Pair()
        defer { pair.directory.remove() }
        pair.transport.up.withLock { $0 = false }
        var sv: LiveAgency? = try await pair.open("SV-DGME")
        let us = try await pair.open("US-CBP")
        let id = try #require(try await sv?.submit(try Self.manifest()))
        try await Self.waitFor("a failed attempt") { pair.transport.attempts.withLock { $0 } >= 1 }
        await sv?.shutdown()  // the "crash": the process's state is gone, only the database remains
        sv = nil
        pair.transport.up.withLock { $0 = true }
        let restarted = try await pair.open("SV-DGME")
        #expect(await restarted.manifests().first { $0.messageId == id }?.state == .submitted)
        try await Self.waitFor("assessed after the restart") {
            await restarted.manifests().first { $0.messageId == id }?.state == .assessed
        }
        let received = await us.manifests().filter { $0.messageId == id }
        #expect(received.count == 1)
        #expect(await us.status(of: id, requester: "US-CBP") == MessageStatusReport(
            messageId: id, direction: "incoming", peer: "SV-DGME", state: "manifest-accepted", attempts: nil,
            manifestState: "received", outcomes: [:]))
        await restarted.shutdown()
        await us.shutdown()
    }

    @Test("a duplicate gets the first reply byte for byte; a peer sees only its own messages' status")
    func duplicateAndStatusAuthorisation() async throws {
        let pair = try Pair()
        defer { pair.directory.remove() }
        let us = try await pair.open("US-CBP")
        let configuration = try #require(pair.configurations["SV-DGME"])
        let manifest = try Self.manifest(seed: 9)
        let frame = WireFrame.encode(try SignedMessage.signed(
            messageId: manifest.header.messageId, correlationId: "", sender: "SV-DGME", receiver: "US-CBP",
            createdAt: LiveAgency.now(), payload: try manifest.xml(), key: configuration.signingKey))
        let first = await us.receive(frame)
        let second = await us.receive(frame)
        #expect(first.reply != nil && first.reply == second.reply)
        #expect(!first.duplicate && second.duplicate)
        #expect(await us.status(of: manifest.header.messageId, requester: "SV-DGME") != nil)
        #expect(await us.status(of: manifest.header.messageId, requester: "GT-IGM") == nil)
        await us.shutdown()
    }
}
