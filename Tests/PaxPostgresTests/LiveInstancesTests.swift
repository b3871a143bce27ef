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

/// Two `LiveAgency` instances of US-CBP over one PostgreSQL database (`PostgresAgencyStorage`):
/// a message both receive at once is processed once and both answer with the same bytes; an
/// outgoing message whose instance stops mid-delivery is taken over by the other instance once
/// its lease expires, with the same id and bytes.
@Suite("Live agency instances on PostgreSQL")
struct LiveInstancesTests {
    /// Records what an instance sends; `hang` keeps every delivery in flight until cancelled.
    final class RecordingTransport: PeerTransport {
        let hang: Bool
        let sent = Mutex<[(messageId: String, frame: [UInt8], at: Date)]>([])

        init(hang: Bool) { self.hang = hang }

        func deliver(_ frame: [UInt8], to peer: String) async -> DeliveryResult {
            let id = (try? WireFrame.decode(frame).messageId) ?? "?"
            sent.withLock { $0.append((id, frame, Date())) }
            if hang {
                while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(50)) }
                return .failed("cancelled")
            }
            return .accepted
        }

        func shutdown() async {}
    }

    struct World {
        let database: PostgresTestDatabase
        let sv = SigningKey.random()
        let us = SigningKey.random()
        let configuration: AgencyConfiguration

        init(_ name: String) throws {
            database = try PostgresTestDatabase(name)
            let timing = try ExchangeTiming(retryBase: 100, retryCap: 400, maxAttempts: 20_000, replayWindow: 10_000_000,
                                            skewTolerance: 1_000, dedupWindow: 30_000_000, assessmentDeadline: 10_000_000)
            configuration = AgencyConfiguration(
                id: "US-CBP", signingKey: us, territory: ["IAH"],
                peers: [Peer(id: "SV-DGME", publicKey: sv.publicKey, territory: ["SAL"])], timing: timing,
                screening: RiskEngine(screener: nil))
        }

        func instance(_ name: String, transport: any PeerTransport, leaseMilliseconds: Int64) async throws -> LiveAgency {
            let storage = PostgresAgencyStorage(store: try database.store(instance: name), agency: "US-CBP",
                                                leaseMilliseconds: leaseMilliseconds)
            let agency = try LiveAgency(configuration: configuration, storage: storage, transport: transport, logger: Logger(label: "test"))
            await agency.start()
            return agency
        }

        /// A manifest from SV-DGME, signed as it would send it.
        func frame(seed: UInt64) throws -> (id: String, frame: [UInt8]) {
            var generator = Generator(seed: seed)
            let plan = try generator.flight(on: try #require(CalendarDate("2026-03-14")), from: "SAL", to: "IAH")
            let manifest = generator.passengerList(for: plan, travelers: 2)
            let id = manifest.header.messageId
            return (id, WireFrame.encode(try SignedMessage.signed(messageId: id, correlationId: "", sender: "SV-DGME", receiver: "US-CBP",
                                                                   createdAt: LiveAgency.now(), payload: try manifest.xml(), key: sv)))
        }
    }

    @Test("the same manifests reach both instances at once: each is processed once, both answer with the same reply bytes")
    func concurrentDuplicates() async throws {
        let world = try World("instances_dedup")
        let a = try await world.instance("cbp-a", transport: RecordingTransport(hang: false), leaseMilliseconds: 30_000)
        let b = try await world.instance("cbp-b", transport: RecordingTransport(hang: false), leaseMilliseconds: 30_000)
        let count = 25
        var ids: [String] = []
        for seed in 0..<UInt64(count) {
            let (id, frame) = try world.frame(seed: 100 + seed)
            ids.append(id)
            async let first = a.receive(frame)
            async let second = b.receive(frame)
            let (ra, rb) = await (first, second)
            #expect(!ra.failed && !rb.failed, "\(id): a failed \(ra.failed), b failed \(rb.failed)")
            #expect(ra.reply != nil && ra.reply == rb.reply, "\(id): the two instances answered differently")
            #expect(ra.duplicate != rb.duplicate, "\(id): exactly one instance processes it (a duplicate \(ra.duplicate), b \(rb.duplicate))")
        }
        await a.shutdown()
        await b.shutdown()
        let store = try world.database.store(instance: "check")
        defer { store.close() }
        let accepted = try store.auditRecords(limit: 100_000).filter { $0.kind == .messageIn && $0.details["outcome"] == "manifest-accepted" }
        #expect(accepted.count == count)
        #expect(Set(accepted.compactMap(\.messageId)) == Set(ids))
        #expect(try world.database.sql("SELECT count(*) FROM exchange_inbox WHERE sender = 'SV-DGME'") == String(count))
        #expect(try store.verifyAudit().isIntact)
    }

    @Test("an instance stops with its assessment in flight: the other takes it over after the lease, same id and bytes")
    func leaseTakeover() async throws {
        let world = try World("instances_takeover")
        let stuck = RecordingTransport(hang: true)
        let a = try await world.instance("cbp-a", transport: stuck, leaseMilliseconds: 1_500)
        let (manifestId, frame) = try world.frame(seed: 7)
        let answer = await a.receive(frame)
        #expect(answer.reply != nil && !answer.duplicate)
        // The assessment goes out from instance a and never comes back.
        let deadline = ContinuousClock.now + .seconds(120)
        while stuck.sent.withLock({ $0.isEmpty }) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let inFlight = try #require(stuck.sent.withLock { $0.first })
        #expect(inFlight.messageId.hasPrefix("US-CBP:") && inFlight.messageId.contains(manifestId))
        // Instance a stops without releasing its lease (as a crash would); b starts polling.
        await a.shutdown()
        let lease = try #require(try world.database.store(instance: "check").lease(of: inFlight.messageId))
        #expect(lease.owner == "cbp-a")
        let taker = RecordingTransport(hang: false)
        let b = try await world.instance("cbp-b", transport: taker, leaseMilliseconds: 1_500)
        while taker.sent.withLock({ $0.isEmpty }) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let resent = try #require(taker.sent.withLock { $0.first })
        await b.shutdown()
        #expect(resent.messageId == inFlight.messageId)
        #expect(resent.frame == inFlight.frame)
        // Not before a's lease ran out.
        #expect(resent.at.timeIntervalSince1970 * 1000 >= Double(lease.until) - 1, "resent at \(resent.at), lease until \(lease.until)")
        #expect(stuck.sent.withLock { $0.count } == 1)
    }
}
