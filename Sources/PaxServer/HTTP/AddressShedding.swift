/// Which remote addresses the peer listener closes at accept, before reading a byte: an
/// address that went on sending requests that failed authentication after its refusals were
/// rate-limited (429) is shed until its bucket would have a token again, so a forged flood
/// from one address costs an accept and a close per connection instead of a parsed head, a
/// signature check and an answer.
///
/// An address from which a message was fully authenticated (head signature and body digest)
/// is "proven" and never shed while remembered: a genuine peer that shares an address with a
/// forger (a NAT, a proxy) keeps being heard, as authentication still comes first for it.
/// Both tables are bounded; when the shed table is full of live entries a new address is
/// simply not shed (it still gets the rate-limited 429), so the table cannot be grown by a
/// forger with many addresses. Times are milliseconds on a monotonic clock the caller gives.
public struct AddressShedding: Sendable {
    public let capacity: Int
    public let provenForMilliseconds: Int64
    private var shedUntil: [String: Int64] = [:]
    private var provenAt: [String: Int64] = [:]

    public init(capacity: Int = 4_096, provenForMilliseconds: Int64 = 86_400_000) {
        self.capacity = max(1, capacity)
        self.provenForMilliseconds = max(0, provenForMilliseconds)
    }

    /// Remembers that a message from `address` was authenticated at `now`; lifts any shedding.
    public mutating func prove(_ address: String, now: Int64) {
        shedUntil[address] = nil
        if provenAt[address] == nil, provenAt.count >= capacity {
            provenAt = provenAt.filter { now - $0.value < provenForMilliseconds }
            if provenAt.count >= capacity, let oldest = provenAt.min(by: { $0.value < $1.value })?.key {
                provenAt[oldest] = nil
            }
        }
        provenAt[address] = now
    }

    /// Sheds `address` until `until`, unless it is proven or the table is full of live entries.
    /// Returns whether the address is now shed.
    @discardableResult
    public mutating func shed(_ address: String, until: Int64, now: Int64) -> Bool {
        if isProven(address, now: now) { return false }
        if shedUntil[address] == nil, shedUntil.count >= capacity {
            shedUntil = shedUntil.filter { $0.value > now }
            if shedUntil.count >= capacity { return false }
        }
        shedUntil[address] = max(until, shedUntil[address] ?? until)
        return true
    }

    /// Whether a new connection from `address` is to be closed at once.
    public func isShed(_ address: String, now: Int64) -> Bool {
        guard let until = shedUntil[address] else { return false }
        return until > now
    }

    /// The addresses shed at `now`, sorted.
    public func shedAddresses(now: Int64) -> [String] {
        shedUntil.compactMap { $0.value > now ? $0.key : nil }.sorted()
    }

    /// Whether `address` authenticated a message within `provenForMilliseconds` of `now`.
    public func isProven(_ address: String, now: Int64) -> Bool {
        guard let at = provenAt[address] else { return false }
        return now - at < provenForMilliseconds
    }

    /// Entries held (live or not yet pruned), for tests of the bounds.
    public var counts: (shed: Int, proven: Int) { (shedUntil.count, provenAt.count) }
}
