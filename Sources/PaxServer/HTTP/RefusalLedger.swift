import GRDB
import Synchronization

/// Requests refused before their sender was authenticated, counted in memory and written to
/// the audit log in summaries: one record per (code, claimed sender, remote address) and
/// interval, carrying the count. A flood of forged requests therefore costs no durable write
/// per request, while the log still says who was refused, how often and why.
///
/// The claimed sender is the stranger's own word: metrics label it only when it names a
/// configured peer (else `other` or `none`), so a forger cannot grow the label set; audit
/// keys keep its first 64 printable characters, and past `maxKeysPerInterval` keys in one
/// interval further refusals are summed under `*`.
public final class RefusalLedger: Sendable {
    public struct Key: Hashable, Sendable {
        public var code: String
        public var claimedSender: String
        public var remote: String
    }

    private struct MetricKey: Hashable, Comparable {
        var code: String
        var sender: String
        static func < (a: MetricKey, b: MetricKey) -> Bool { (a.code, a.sender) < (b.code, b.sender) }
    }

    private struct State {
        var pending: [Key: Int] = [:]
        var order: [Key] = []
        var totals: [MetricKey: Int] = [:]
    }

    public let knownSenders: Set<String>
    public let maxKeysPerInterval: Int
    private let state = Mutex(State())

    public init(knownSenders: Set<String>, maxKeysPerInterval: Int = 256) {
        self.knownSenders = knownSenders
        self.maxKeysPerInterval = max(1, maxKeysPerInterval)
    }

    /// Counts one refusal.
    public func record(code: String, claimedSender: String?, remote: String) {
        let metricSender = claimedSender.map { knownSenders.contains($0) ? $0 : "other" } ?? "none"
        var key = Key(code: Self.clean(code), claimedSender: claimedSender.map(Self.clean) ?? "none", remote: Self.clean(remote))
        state.withLock { state in
            state.totals[MetricKey(code: key.code, sender: metricSender), default: 0] += 1
            if state.pending[key] == nil && state.pending.count >= maxKeysPerInterval {
                key = Key(code: key.code, claimedSender: "*", remote: "*")
            }
            if state.pending[key] == nil { state.order.append(key) }
            state.pending[key, default: 0] += 1
        }
    }

    /// The interval's counts in first-seen order; the ledger starts a new interval.
    public func drain() -> [(key: Key, count: Int)] {
        state.withLock { state in
            let drained = state.order.compactMap { key in state.pending[key].map { (key: key, count: $0) } }
            state.pending = [:]
            state.order = []
            return drained
        }
    }

    /// Writes the interval's counts to `auditLog` in one transaction, one `access-denied`
    /// record per key with its count; returns the number of records. (Counts drained are
    /// lost if the write fails: the metrics still have them.)
    @discardableResult
    public func writeSummary(to auditLog: AuditLog, intervalSeconds: Int) async throws -> Int {
        let events = drainSummary(intervalSeconds: intervalSeconds)
        guard !events.isEmpty else { return 0 }
        try await auditLog.database.pool.write { db in
            for event in events { try auditLog.append(event, in: db) }
        }
        return events.count
    }

    /// Takes the refusals counted since the last summary as audit events, one per (code,
    /// claimed sender, remote address) with its count, for any store to append.
    public func drainSummary(intervalSeconds: Int) -> [AuditEvent] {
        drain().map { key, count in
            AuditEvent(kind: .accessDenied, actor: "unauthenticated", details: [
                "reason": key.code, "claimed-sender": key.claimedSender, "remote": key.remote,
                "count": String(count), "interval-seconds": String(intervalSeconds),
            ])
        }
    }

    /// Refusals so far by code and (bounded) claimed sender.
    public func total(code: String, claimedSender: String) -> Int {
        state.withLock { $0.totals[MetricKey(code: code, sender: claimedSender)] ?? 0 }
    }

    /// Every refusal so far by code and (bounded) claimed sender, for the console.
    public func totals() -> [(code: String, claimedSender: String, count: Int)] {
        state.withLock { $0.totals }.map { (code: $0.key.code, claimedSender: $0.key.sender, count: $0.value) }
            .sorted { ($0.code, $0.claimedSender) < ($1.code, $1.claimedSender) }
    }

    /// Metric lines for `/metrics`.
    func exposition() -> String {
        let totals = state.withLock { $0.totals }
        var lines = ["# HELP paxsim_refusals_unauthenticated_total Requests refused before their sender was authenticated.",
                     "# TYPE paxsim_refusals_unauthenticated_total counter"]
        for (key, count) in totals.sorted(by: { $0.key < $1.key }) {
            lines.append("paxsim_refusals_unauthenticated_total{code=\"\(RequestMetrics.escape(key.code))\",claimed_sender=\"\(RequestMetrics.escape(key.sender))\"} \(count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Printable ASCII, at most 64 characters.
    static func clean(_ text: String) -> String {
        String(String(decoding: text.utf8.prefix(64).map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self))
    }
}
