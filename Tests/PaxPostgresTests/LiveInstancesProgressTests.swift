import Foundation
import Logging
import PaxExchange
import PaxGenerator
import PaxMessages
import PaxPostgres
import PaxRisk
import PaxServer
import Synchronization
import Testing

/// Two `LiveAgency` instances of US-CBP over one PostgreSQL database, submitting manifests to
/// an SV-DGME agency core run in the test: the acknowledgement of a manifest comes back to the
/// instance that sent it while the risk assessment reaches the other instance. Whatever the
/// order, the stored manifest ends `assessed`: an instance whose copy is older takes the
/// stored record instead of moving it back (`delivered` over `assessed`), and an assessment
/// deadline armed on one instance does not turn a manifest the other saw assessed `unassessed`.
@Suite("Live agency instances on PostgreSQL: progress made elsewhere")
struct LiveInstancesProgressTests {
    /// Delivers US-CBP's manifests to an in-test SV-DGME core; keeps each manifest's
    /// assessment frame for the test and answers the delivery with the acknowledgement, at
    /// once or when the test releases it.
    final class PeerCoreTransport: PeerTransport {
        struct Held { var acknowledgement: [UInt8]; var assessment: [UInt8] }
        let peer: Mutex<Agency>
        let held = Mutex<[String: Held]>([:])
        let holdAcknowledgements = Mutex(false)
        let released = Mutex<Set<String>>([])

        init(peer: Agency) { self.peer = Mutex(peer) }

        func deliver(_ frame: [UInt8], to peer: String) async -> DeliveryResult {
            guard let messageId = try? WireFrame.decode(frame).messageId else { return .failed("undecodable frame") }
            let effects = self.peer.withLock { agency in
                var random = SystemRandomNumberGenerator()
                return agency.handle(.received(frame), now: LiveAgency.now(), random: &random)
            }
            var acknowledgement: [UInt8]?
            var assessment: [UInt8]?
            for case .send(_, _, let sent, let kind) in effects {
                if case .request = kind { assessment = sent } else { acknowledgement = sent }
            }
            guard let acknowledgement, let assessment else { return .failed("the peer core did not answer and assess") }
            held.withLock { $0[messageId] = Held(acknowledgement: acknowledgement, assessment: assessment) }
            if holdAcknowledgements.withLock({ $0 }) {
                while !released.withLock({ $0.contains(messageId) }) {
                    if Task.isCancelled { return .failed("cancelled") }
                    try? await Task.sleep(for: .milliseconds(10))
                }
            }
            return .reply(acknowledgement)
        }

        func shutdown() async {}
    }

    /// Sends nothing anywhere (instance b only answers).
    final class SilentTransport: PeerTransport {
        func deliver(_ frame: [UInt8], to peer: String) async -> DeliveryResult { .accepted }
        func shutdown() async {}
    }

    struct World {
        let database: PostgresTestDatabase
        let sv = SigningKey.random()
        let us = SigningKey.random()
        let timing: ExchangeTiming

        init(_ name: String) throws {
            database = try PostgresTestDatabase(name)
            timing = try ExchangeTiming(retryBase: 100, retryCap: 200, maxAttempts: 3, replayWindow: 10_000_000,
                                        skewTolerance: 1_000, dedupWindow: 30_000_000, assessmentDeadline: 4_000)
        }

        var peerCore: Agency {
            Agency(configuration: AgencyConfiguration(
                id: "SV-DGME", signingKey: sv, territory: ["SAL"],
                peers: [Peer(id: "US-CBP", publicKey: us.publicKey, territory: ["IAH"])], timing: timing,
                screening: RiskEngine(screener: nil)))
        }

        func instance(_ name: String, transport: any PeerTransport) async throws -> LiveAgency {
            let configuration = AgencyConfiguration(
                id: "US-CBP", signingKey: us, territory: ["IAH"],
                peers: [Peer(id: "SV-DGME", publicKey: sv.publicKey, territory: ["SAL"])], timing: timing,
                screening: RiskEngine(screener: nil))
            let storage = PostgresAgencyStorage(store: try database.store(instance: name), agency: "US-CBP", leaseMilliseconds: 30_000)
            let agency = try LiveAgency(configuration: configuration, storage: storage, transport: transport, logger: Logger(label: "test"))
            await agency.start()
            return agency
        }

        func manifest(seed: UInt64) throws -> TravelerManifest {
            var generator = Generator(seed: seed)
            let plan = try generator.flight(on: try #require(CalendarDate("2026-03-14")), from: "IAH", to: "SAL")
            return generator.passengerList(for: plan, travelers: 3)
        }

        func storedState(_ messageId: String) throws -> ManifestState? {
            let store = try database.store(instance: "check")
            defer { store.close() }
            return try store.manifestRecord(MessageKey(sender: "US-CBP", messageId: messageId))?.state
        }
    }

    static func waitFor(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while try await !condition() {
            guard ContinuousClock.now < deadline else { Issue.record("timed out waiting for \(what)"); return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("the assessment reaches the other instance before the acknowledgement returns: the manifest stays assessed")
    func acknowledgementAfterAssessment() async throws {
        let world = try World("progress_ack_late")
        let transport = PeerCoreTransport(peer: world.peerCore)
        transport.holdAcknowledgements.withLock { $0 = true }
        let a = try await world.instance("cbp-a", transport: transport)
        let b = try await world.instance("cbp-b", transport: SilentTransport())
        let id = try await a.submit(try world.manifest(seed: 11))
        try await Self.waitFor("the delivery") { transport.held.withLock { $0[id] != nil } }
        let assessment = try #require(transport.held.withLock { $0[id]?.assessment })
        let answer = await b.receive(assessment)
        #expect(!answer.failed && answer.refusal == nil && !answer.duplicate)
        #expect(try world.storedState(id) == .assessed)
        transport.released.withLock { _ = $0.insert(id) }
        try await Self.waitFor("instance a to handle the acknowledgement") { await a.ownManifestRecord(id)?.state != .submitted }
        await a.shutdown()
        await b.shutdown()
        #expect(await a.ownManifestRecord(id)?.state == .assessed)
        #expect(try world.storedState(id) == .assessed, "the acknowledgement moved the stored manifest back")
    }

    @Test("the assessment deadline armed on one instance fires after the other recorded the assessment: still assessed")
    func deadlineAfterAssessmentElsewhere() async throws {
        let world = try World("progress_deadline")
        let transport = PeerCoreTransport(peer: world.peerCore)
        let a = try await world.instance("cbp-a", transport: transport)
        let b = try await world.instance("cbp-b", transport: SilentTransport())
        let id = try await a.submit(try world.manifest(seed: 12))
        try await Self.waitFor("instance a to see the manifest delivered") { await a.ownManifestRecord(id)?.state == .delivered }
        let deadline = try #require(await a.ownManifestRecord(id)?.assessmentDeadline)
        let assessment = try #require(transport.held.withLock { $0[id]?.assessment })
        let answer = await b.receive(assessment)
        #expect(!answer.failed && answer.refusal == nil)
        #expect(try world.storedState(id) == .assessed)
        // Past the deadline instance a armed (its own copy still says delivered until then).
        try await Self.waitFor("the deadline to pass") { LiveAgency.now() > deadline + 500 }
        try await Self.waitFor("instance a's deadline timer") { await a.ownManifestRecord(id)?.state != .delivered }
        await a.shutdown()
        await b.shutdown()
        #expect(await a.ownManifestRecord(id)?.state == .assessed)
        #expect(try world.storedState(id) == .assessed, "the deadline turned the stored manifest unassessed")
    }
}
