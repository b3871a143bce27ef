import Synchronization
import PaxExchange

/// Nonces of signed queries already answered, each kept until its query could no longer pass
/// the time check; a nonce used again before then is a replay. Bounded: when `capacity`
/// unexpired nonces are held, new queries are refused (busy) rather than forgetting one.
final class NonceCache: Sendable {
    enum Use { case fresh, replayed, full }

    private struct State {
        var expiry: [String: ExchangeTime] = [:]
        /// In insertion order; swept from the front.
        var order: [(key: String, expires: ExchangeTime)] = []
        var head = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 100_000) {
        self.capacity = max(1, capacity)
    }

    func use(_ key: String, expires: ExchangeTime, now: ExchangeTime) -> Use {
        state.withLock { state in
            // Sweep expired entries (approximately in order: times differ by at most the skew).
            while state.head < state.order.count, state.order[state.head].expires < now {
                let old = state.order[state.head]
                if state.expiry[old.key] == old.expires { state.expiry[old.key] = nil }
                state.head += 1
            }
            if state.head > 1_024 && state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
            if let known = state.expiry[key], known >= now { return .replayed }
            guard state.expiry.count < capacity else { return .full }
            state.expiry[key] = expires
            state.order.append((key, expires))
            return .fresh
        }
    }
}
