import PaxExchange
import PaxGenerator
import Testing

@Suite("Delivery window: at most N in flight per peer, first come first served, one delivery of a message at a time")
struct DeliveryWindowTests {
    typealias Window = DeliveryWindow<Int>

    @Test func deliveriesStartInTheOrderTheyWereQueued() {
        var window = Window(limitPerPeer: 2)
        var accepted: [Bool] = []
        for n in 1...5 { accepted.append(window.enqueue(n, messageId: "M\(n)", to: "P")) }
        #expect(accepted == [true, true, true, true, true])
        let first = window.startable(to: "P")
        let none = window.startable(to: "P")
        #expect(first.map(\.payload) == [1, 2])
        #expect(none.isEmpty)
        window.complete(messageId: "M2", to: "P")
        let third = window.startable(to: "P")
        #expect(third.map(\.payload) == [3])
        window.complete(messageId: "M1", to: "P")
        window.complete(messageId: "M3", to: "P")
        let rest = window.startable(to: "P")
        #expect(rest.map(\.messageId) == ["M4", "M5"])
        #expect(rest.allSatisfy { $0.peer == "P" })
    }

    @Test func eachPeerHasItsOwnLimit() {
        var window = Window(limitPerPeer: 3)
        for n in 1...5 {
            window.enqueue(n, messageId: "A\(n)", to: "A")
            window.enqueue(n, messageId: "B\(n)", to: "B")
        }
        let toA = window.startable(to: "A")
        #expect(toA.map(\.messageId) == ["A1", "A2", "A3"])
        #expect(window.inFlightCount(to: "A") == 3 && window.waitingCount(to: "A") == 2)
        // A peer at its limit holds back no other peer.
        let toB = window.startable(to: "B")
        #expect(toB.map(\.messageId) == ["B1", "B2", "B3"])
        let moreToA = window.startable(to: "A"), moreToB = window.startable(to: "B")
        #expect(moreToA.isEmpty && moreToB.isEmpty)
        #expect(window.inFlightCount(to: "C") == 0 && window.waitingCount(to: "C") == 0)
    }

    @Test func completionFreesExactlyOneSlot() {
        var window = Window(limitPerPeer: 1)
        window.enqueue(1, messageId: "M1", to: "P")
        window.enqueue(2, messageId: "M2", to: "P")
        let first = window.startable(to: "P")
        #expect(first.map(\.payload) == [1])
        // Another peer's completion, an unknown message or a waiting one frees nothing.
        let otherPeer = window.complete(messageId: "M1", to: "Q")
        let unknown = window.complete(messageId: "M9", to: "P")
        let waiting = window.complete(messageId: "M2", to: "P")
        #expect(!otherPeer && !unknown && !waiting)
        let stillNone = window.startable(to: "P")
        #expect(stillNone.isEmpty)
        let completed = window.complete(messageId: "M1", to: "P")
        let completedAgain = window.complete(messageId: "M1", to: "P")
        #expect(completed && !completedAgain)
        let second = window.startable(to: "P")
        #expect(second.map(\.payload) == [2])
        #expect(window.inFlightCount(to: "P") == 1)
    }

    @Test func aRetryOfAnOutstandingMessageIsNotQueuedAgainButOneAfterItsDeliveryIs() {
        var window = Window(limitPerPeer: 1)
        window.enqueue(1, messageId: "M1", to: "P")
        window.enqueue(2, messageId: "M2", to: "P")
        let first = window.startable(to: "P")
        #expect(first.map(\.payload) == [1])
        // Retries while in flight (M1) and while waiting (M2): neither is queued again.
        let retryInFlight = window.enqueue(10, messageId: "M1", to: "P")
        let retryWaiting = window.enqueue(20, messageId: "M2", to: "P")
        #expect(!retryInFlight && !retryWaiting)
        #expect(window.waitingCount(to: "P") == 1)
        #expect(window.isOutstanding("M1") && window.isOutstanding("M2"))
        window.complete(messageId: "M1", to: "P")
        #expect(!window.isOutstanding("M1"))
        // Once its delivery ended, a retry is queued, behind what was waiting.
        let retryAfter = window.enqueue(11, messageId: "M1", to: "P")
        #expect(retryAfter)
        let second = window.startable(to: "P")
        #expect(second.map(\.payload) == [2])
        window.complete(messageId: "M2", to: "P")
        let third = window.startable(to: "P")
        #expect(third.map(\.payload) == [11])
    }

    @Test func theLimitIsAtLeastOne() {
        var window = Window(limitPerPeer: 0)
        #expect(window.limitPerPeer == 1)
        window.enqueue(1, messageId: "M1", to: "P")
        window.enqueue(2, messageId: "M2", to: "P")
        let started = window.startable(to: "P")
        #expect(started.count == 1)
        #expect(Window().limitPerPeer == DeliveryWindowDefaults.limitPerPeer)
    }

    /// Random enqueues (new messages and retries), starts and completions over three peers,
    /// checked against a plain model after every step.
    @Test("seeded random operations keep every rule", arguments: [UInt64(1), 2, 3, 4, 5])
    func randomOperationsKeepEveryRule(seed: UInt64) {
        var random = SeededRandom(seed: seed, stream: 0x4457)
        let limit = 1 + random.below(4)
        var window = Window(limitPerPeer: limit)
        let peers = ["A", "B", "C"]
        var queued: [String: [String]] = [:]     // per peer, in the order accepted
        var started: [String: [String]] = [:]    // per peer, in the order started
        var flying: [String: Set<String>] = [:]
        var outstanding: Set<String> = []
        var nextId = 0
        var completions = 0
        for _ in 0..<2_000 {
            let peer = peers[random.below(peers.count)]
            switch random.below(3) {
            case 0:
                // Mostly new messages, sometimes a retry of any message seen so far (to its peer).
                let id: String
                if nextId > 0 && random.below(3) == 0 { id = "M\(random.below(nextId))" } else { id = "M\(nextId)"; nextId += 1 }
                let owner = peers.first { queued[$0, default: []].contains(id) } ?? peer
                let accepted = window.enqueue(nextId, messageId: id, to: owner)
                #expect(accepted == !outstanding.contains(id), "seed \(seed): enqueue \(id)")
                if accepted { queued[owner, default: []].append(id); outstanding.insert(id) }
            case 1:
                for delivery in window.startable(to: peer) {
                    let first = flying[peer, default: []].insert(delivery.messageId).inserted
                    #expect(first, "seed \(seed): \(delivery.messageId) twice in flight")
                    #expect(delivery.peer == peer)
                    started[peer, default: []].append(delivery.messageId)
                }
                // Everything waiting starts unless the peer is at its limit.
                let waiting = queued[peer, default: []].count - started[peer, default: []].count
                #expect(waiting == window.waitingCount(to: peer))
                #expect(waiting == 0 || flying[peer, default: []].count == limit, "seed \(seed): a free slot left unused")
            default:
                guard let id = flying[peer, default: []].sorted().randomElement(using: &random) else {
                    let freed = window.complete(messageId: "M\(nextId + 1)", to: peer)
                    #expect(!freed)
                    continue
                }
                let freed = window.complete(messageId: id, to: peer)
                #expect(freed)
                flying[peer]?.remove(id)
                outstanding.remove(id)
                completions += 1
            }
            for p in peers {
                #expect(window.inFlightCount(to: p) == flying[p, default: []].count)
                #expect(window.inFlightCount(to: p) <= limit, "seed \(seed): \(p) over its limit")
            }
        }
        // First come first served: each peer's deliveries started in the order they were queued.
        for p in peers {
            let started = started[p, default: []]
            #expect(Array(queued[p, default: []].prefix(started.count)) == started, "seed \(seed): \(p) out of order")
        }
        #expect(completions > 100)
    }
}
