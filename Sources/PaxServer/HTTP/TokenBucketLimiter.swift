/// Per-key token buckets: each key (a peer) gets `burst` tokens, refilled at `perSecond`; a
/// request takes one token or is refused with the time until one is available. Time is passed
/// in (seconds on a monotonic clock) so tests need no sleeping.
public actor TokenBucketLimiter {
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused; retry after this many seconds.
        case limited(retryAfter: Double)
    }

    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    public let perSecond: Double
    public let burst: Double
    private var buckets: [String: Bucket] = [:]
    /// Above this many keys, full buckets are dropped (a full bucket equals no bucket).
    private let compactionThreshold: Int

    public init(perSecond: Int, burst: Int, compactionThreshold: Int = 10_000) {
        self.perSecond = Double(max(perSecond, 1))
        self.burst = Double(max(burst, 1))
        self.compactionThreshold = compactionThreshold
    }

    /// Takes a token for `key` at time `now` (seconds, monotonic).
    public func take(_ key: String, now: Double) -> Decision {
        var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
        bucket.tokens = min(burst, bucket.tokens + max(0, now - bucket.updated) * perSecond)
        bucket.updated = now
        let decision: Decision
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            decision = .allowed
        } else {
            decision = .limited(retryAfter: (1 - bucket.tokens) / perSecond)
        }
        buckets[key] = bucket
        if buckets.count > compactionThreshold { compact(now: now) }
        return decision
    }

    /// True when `key` has no whole token at `now` (nothing is taken): a cheap gate before
    /// any work for a source that has already been refused too often.
    public func isExhausted(_ key: String, now: Double) -> Bool {
        guard let bucket = buckets[key] else { return false }
        return min(burst, bucket.tokens + max(0, now - bucket.updated) * perSecond) < 1
    }

    /// Number of keys currently tracked.
    public var trackedKeys: Int { buckets.count }

    private func compact(now: Double) {
        buckets = buckets.filter { _, bucket in bucket.tokens + (now - bucket.updated) * perSecond < burst }
    }
}
