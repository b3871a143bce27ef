import Dispatch
import PaxExchange
import PaxGenerator
import PaxMessages
import PaxRisk
import PaxSimulation
import Synchronization
import Testing

@Suite("Payload checks prefetched by the simulator")
struct PayloadCheckCacheTests {
    /// A valid passenger list SAL -> IAH with `travelers` travellers.
    static func manifest(seed: UInt64, travelers: Int) throws -> TravelerManifest {
        var generator = Generator(seed: seed)
        generator.workers = 1
        let date = try #require(CalendarDate("2026-03-14"))
        return generator.passengerList(for: try generator.flight(on: date, from: "SAL", to: "IAH"), travelers: travelers)
    }

    /// Waits until `cache`'s single worker has run everything queued before this call.
    static func drain(_ cache: PayloadCheckCache) {
        let drained = DispatchSemaphore(value: 0)
        cache.prefetch(messageId: "SENTINEL-\(UInt64.random(in: 0...UInt64.max))") {
            drained.signal()
            return nil
        }
        drained.wait()
    }

    @Test("a prefetched check (with screening) is taken once, for a payload with the digest it was computed from")
    func prefetchedCheckIsTakenOnce() throws {
        let manifest = try Self.manifest(seed: 3, travelers: 4)
        let payload = try manifest.xml()
        let cache = PayloadCheckCache(workers: 1, screening: RiskEngine(screener: nil))
        cache.prefetch(messageId: manifest.header.messageId) { payload }
        Self.drain(cache)
        let digest = SignedMessage.digest(of: payload)
        let taken = try #require(cache.take(messageId: manifest.header.messageId, digest: digest))
        #expect(taken.root == TravelerManifest.rootElementName)
        guard case .success(.manifest(let decoded)) = taken.result else {
            Issue.record("prefetched check did not accept the manifest: \(taken.result)")
            return
        }
        #expect(decoded.travelers.count == 4)
        #expect(taken.risks?.count == 4, "screened ahead: one risk per traveller")
        #expect(cache.take(messageId: manifest.header.messageId, digest: digest) == nil, "a result is taken once")
    }

    @Test("a prefetched check of other bytes under the same message id is not used")
    func otherBytesUnderTheSameIdAreCheckedAgain() throws {
        let manifest = try Self.manifest(seed: 3, travelers: 3)
        let prefetchedBytes = try manifest.xml()
        var changed = manifest
        changed.travelers.removeLast()
        let arriving = try changed.xml()
        let cache = PayloadCheckCache(workers: 1)
        let ran = Atomic<Int>(0)
        cache.prefetch(messageId: manifest.header.messageId) {
            ran.add(1, ordering: .relaxed)
            return prefetchedBytes
        }
        Self.drain(cache)
        #expect(ran.load(ordering: .relaxed) == 1, "the prefetch ran before the message arrived")
        #expect(cache.take(messageId: manifest.header.messageId, digest: SignedMessage.digest(of: arriving)) == nil)
    }

    @Test("a prefetch no worker has started is claimed by the taker and never run")
    func queuedPrefetchIsClaimed() throws {
        let cache = PayloadCheckCache(workers: 1)
        let gate = DispatchSemaphore(value: 0)
        let blocking = try Self.manifest(seed: 4, travelers: 2)
        cache.prefetch(messageId: blocking.header.messageId) {
            gate.wait()
            return nil
        }
        let queued = try Self.manifest(seed: 5, travelers: 2)
        let runs = Atomic<Int>(0)
        let payload = try queued.xml()
        cache.prefetch(messageId: queued.header.messageId) {
            runs.add(1, ordering: .relaxed)
            return payload
        }
        // The only worker is held by the first prefetch, so the second is still queued.
        #expect(cache.take(messageId: queued.header.messageId, digest: SignedMessage.digest(of: payload)) == nil)
        gate.signal()
        // The worker is serial: once a later prefetch has run, the claimed one was passed over.
        Self.drain(cache)
        #expect(runs.load(ordering: .relaxed) == 0)
    }
}
