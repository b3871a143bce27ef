import Foundation
public import PaxServer
import PaxExchange
import Synchronization

/// One line of the live timeline.
public struct TimelineEntry: Sendable, Equatable {
    /// Increasing from 1: the SSE event id, so a reconnecting browser gets only what it missed.
    public let sequence: Int
    /// Wall-clock milliseconds since 1970.
    public let at: Int64
    /// `in`, `out`, `ack`, `retry`, `duplicate`, `refused`, `alert`, `failed`, `state`, `restart`, `note`.
    public let kind: String
    public let text: String
}

/// The console's live view of what its agency does: the last timeline entries (for the page
/// and the `/events` stream), counters, and throughput and manifest latency in 10-second
/// buckets over the last 10 minutes. Fed from the agency's `onEvent` callback; everything is
/// in memory (the durable record is the audit log).
public final class ConsoleTimeline: Sendable {
    public struct Counters: Sendable, Equatable {
        public var messagesIn = 0
        public var messagesOut = 0
        public var answers = 0
        public var retries = 0
        public var refusals = 0
        public var alerts = 0
        public var manifestsAssessed = 0
    }

    /// One 10-second bucket.
    struct Bucket: Sendable, Equatable {
        var start: Int64
        var messagesIn = 0
        var messagesOut = 0
        var latencyTotal: Int64 = 0
        var latencyCount = 0
    }

    static let bucketMilliseconds: Int64 = 10_000
    static let bucketsKept = 60
    static let entriesKept = 500

    private struct State {
        var entries: [TimelineEntry] = []
        var next = 1
        var counters = Counters()
        var buckets: [Bucket] = []
        var submittedAt: [String: Int64] = [:]
        var subscribers: [Int: AsyncStream<TimelineEntry>.Continuation] = [:]
        var nextSubscriber = 0
        var closed = false
    }

    private let state = Mutex(State())
    private let clock: @Sendable () -> Int64

    public init(clock: @escaping @Sendable () -> Int64 = { LiveAgency.now() }) {
        self.clock = clock
    }

    /// Records an agency event (pass this to `AgencyService`'s `onEvent`).
    public func record(_ event: LiveAgencyEvent) {
        let now = clock()
        let text = AgencyEventText.describe(event)
        let kind: String
        switch event {
        case .sent(_, _, let sendKind):
            switch sendKind {
            case .request(let attempt): kind = attempt > 1 ? "retry" : "out"
            case .reply: kind = "ack"
            case .repeatedReply: kind = "duplicate"
            }
        case .processed: kind = "in"
        case .manifest(let record):
            kind = "state"
            state.withLock { state in
                switch record.state {
                case .submitted: state.submittedAt[record.messageId] = now
                case .assessed:
                    state.counters.manifestsAssessed += 1
                    if let start = state.submittedAt.removeValue(forKey: record.messageId) {
                        Self.update(&state.buckets, now: now) { $0.latencyTotal += now - start; $0.latencyCount += 1 }
                    }
                case .rejected, .undeliverable, .unassessed: state.submittedAt[record.messageId] = nil
                case .delivered, .received, .local: break
                }
            }
        case .refused: kind = "refused"
        case .duplicate: kind = "duplicate"
        case .alert: kind = "alert"
        case .deliveryFailed: kind = "failed"
        }
        append(kind: kind, text: text, at: now)
    }

    /// Adds a line that is not an agency event (a restart, a forgery refused by the HTTP layer).
    public func note(kind: String, text: String) {
        append(kind: kind, text: text, at: clock())
    }

    private func append(kind: String, text: String, at now: Int64) {
        let (entry, subscribers) = state.withLock { state -> (TimelineEntry, [AsyncStream<TimelineEntry>.Continuation]) in
            let entry = TimelineEntry(sequence: state.next, at: now, kind: kind, text: text)
            state.next += 1
            state.entries.append(entry)
            if state.entries.count > Self.entriesKept { state.entries.removeFirst(state.entries.count - Self.entriesKept) }
            switch kind {
            case "in":
                state.counters.messagesIn += 1
                Self.update(&state.buckets, now: now) { $0.messagesIn += 1 }
            case "out", "retry", "ack", "duplicate":
                state.counters.messagesOut += 1
                if kind == "retry" { state.counters.retries += 1 }
                if kind == "ack" { state.counters.answers += 1 }
                Self.update(&state.buckets, now: now) { $0.messagesOut += 1 }
            case "refused": state.counters.refusals += 1
            case "alert": state.counters.alerts += 1
            default: break
            }
            if state.submittedAt.count > 10_000 { state.submittedAt.removeAll() }
            return (entry, Array(state.subscribers.values))
        }
        for subscriber in subscribers { subscriber.yield(entry) }
    }

    private static func update(_ buckets: inout [Bucket], now: Int64, _ change: (inout Bucket) -> Void) {
        let start = now - now % bucketMilliseconds
        if buckets.last?.start != start { buckets.append(Bucket(start: start)) }
        change(&buckets[buckets.count - 1])
        if buckets.count > bucketsKept { buckets.removeFirst(buckets.count - bucketsKept) }
    }

    /// The latest entries, newest first.
    public func latest(_ count: Int) -> [TimelineEntry] {
        state.withLock { Array($0.entries.suffix(max(0, count)).reversed()) }
    }

    public var counters: Counters { state.withLock { $0.counters } }

    /// The buckets of the last 10 minutes up to now, oldest first, empty ones included.
    func series() -> [Bucket] {
        let now = clock()
        let stored = state.withLock { $0.buckets }
        let last = now - now % Self.bucketMilliseconds
        let first = last - Int64(Self.bucketsKept - 1) * Self.bucketMilliseconds
        let byStart = Dictionary(stored.map { ($0.start, $0) }, uniquingKeysWith: { a, _ in a })
        return stride(from: first, through: last, by: Int(Self.bucketMilliseconds)).map { byStart[$0] ?? Bucket(start: $0) }
    }

    /// A stream of entries after `sequence` (those still kept first, then new ones as they
    /// come); it ends when the timeline is closed.
    public func subscribe(after sequence: Int) -> AsyncStream<TimelineEntry> {
        let (stream, continuation) = AsyncStream<TimelineEntry>.makeStream(bufferingPolicy: .bufferingNewest(1_000))
        let id: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            for entry in state.entries where entry.sequence > sequence { continuation.yield(entry) }
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = continuation
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every stream (the console is shutting down).
    public func close() {
        let subscribers = state.withLock { state in
            state.closed = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}
