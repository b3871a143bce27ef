import Dispatch
@_spi(Testing) import PaxExchange
import PaxMessages
import Synchronization
import Testing

@Suite("Payload checks done ahead")
struct PayloadCheckCacheTests {
    /// The manifest signed as SV-DGME would send it, with `payload` as its bytes.
    static func message(_ manifest: TravelerManifest, payload: [UInt8]) throws -> SignedMessage {
        try SignedMessage.signed(messageId: manifest.header.messageId, correlationId: "", sender: "SV-DGME",
                                 receiver: "US-CBP", createdAt: Fixtures.start, payload: payload, key: Fixtures.svKey)
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

    @Test("a prefetched check is used once, for a payload with the digest it was computed from")
    func prefetchedCheckIsTakenOnce() throws {
        let manifest = Fixtures.manifest(travelers: 4)
        let payload = try manifest.xml()
        let cache = PayloadCheckCache(workers: 1)
        cache.prefetch(messageId: manifest.header.messageId) { payload }
        Self.drain(cache)
        let message = try Self.message(manifest, payload: payload)
        let taken = try #require(cache.take(message))
        #expect(taken.root == TravelerManifest.rootElementName)
        guard case .success(.manifest(let decoded)) = taken.result else {
            Issue.record("prefetched check did not accept the manifest: \(taken.result)")
            return
        }
        #expect(decoded.travelers.count == 4)
        #expect(cache.take(message) == nil, "a result is taken once")
    }

    @Test("a prefetched check of other bytes under the same message id is not used")
    func otherBytesUnderTheSameIdAreCheckedAgain() throws {
        let manifest = Fixtures.manifest(travelers: 3)
        let prefetchedBytes = try manifest.xml()
        var changed = manifest
        changed.travelers.removeLast()
        let arriving = try Self.message(manifest, payload: try changed.xml())
        let cache = PayloadCheckCache(workers: 1)
        let ran = Atomic<Int>(0)
        cache.prefetch(messageId: manifest.header.messageId) {
            ran.add(1, ordering: .relaxed)
            return prefetchedBytes
        }
        Self.drain(cache)
        #expect(ran.load(ordering: .relaxed) == 1, "the prefetch ran before the message arrived")
        #expect(cache.take(arriving) == nil)
    }

    @Test("a prefetch no worker has started is claimed by the taker and never run")
    func queuedPrefetchIsClaimed() throws {
        let cache = PayloadCheckCache(workers: 1)
        let gate = DispatchSemaphore(value: 0)
        let blocking = Fixtures.manifest(seed: 4, travelers: 2)
        cache.prefetch(messageId: blocking.header.messageId) {
            gate.wait()
            return nil
        }
        let queued = Fixtures.manifest(seed: 5, travelers: 2)
        let runs = Atomic<Int>(0)
        let payload = try queued.xml()
        cache.prefetch(messageId: queued.header.messageId) {
            runs.add(1, ordering: .relaxed)
            return payload
        }
        // The only worker is held by the first prefetch, so the second is still queued.
        #expect(cache.take(try Self.message(queued, payload: payload)) == nil)
        gate.signal()
        // The worker is serial: once a later prefetch has run, the claimed one was passed over.
        Self.drain(cache)
        #expect(runs.load(ordering: .relaxed) == 0)
    }
}
