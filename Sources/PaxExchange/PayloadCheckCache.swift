import Dispatch
public import PaxMessages
import Synchronization

/// Payload checks (parse, schema, rules, decode) done ahead of time or off the agency's
/// thread, so a driver can use the other cores while the agency, one event at a time, uses one.
///
/// Two ways in: a simulation that knows tomorrow's manifests hands them in before they are
/// sent (`prefetch(messageId:payload:)`, checked on worker threads); a live server checks an
/// authenticated request's payload on the request's own task before queueing it for the
/// agency (`precheck`). The agency takes the result when the message arrives, after its
/// envelope check has verified the payload's digest (`take`), and uses it only if it was
/// computed from bytes with that same digest; otherwise, or when nothing was prefetched, it
/// checks the payload itself. A prefetch nobody has started yet is claimed by the taker and
/// done inline, so the agency never waits behind a queue. Results depend only on the payload
/// bytes, so none of this changes an outcome (or a simulation trace). At most `limit` results
/// are held; the oldest are dropped first.
public final class PayloadCheckCache: Sendable {
    public typealias Outcome = (root: String?, result: Result<PaxMessage, PayloadErrors>)

    /// One check: queued, running, done or abandoned.
    final class Entry: Sendable {
        enum Phase {
            case queued
            case running
            /// Checked: the SHA-256 of the bytes checked, and the outcome.
            case done(digest: String, Outcome)
            /// Claimed by a taker before it started, or nothing to check.
            case abandoned
        }
        let phase = Mutex(Phase.queued)
        /// Left once, when the entry is done or abandoned.
        let finished = DispatchGroup()

        init() { finished.enter() }

        /// Moves a queued entry to running; false if a taker claimed it first.
        func start() -> Bool {
            phase.withLock { phase in
                guard case .queued = phase else { return false }
                phase = .running
                return true
            }
        }

        func finish(_ result: (digest: String, outcome: Outcome)?) {
            phase.withLock { $0 = result.map { .done(digest: $0.digest, $0.outcome) } ?? .abandoned }
            finished.leave()
        }

        /// The outcome for a payload with SHA-256 `digest`, waiting while it runs; nil if it
        /// was never started (it is then abandoned) or was computed from other bytes.
        func take(digest: String) -> Outcome? {
            let claimed: Bool = phase.withLock { phase in
                guard case .queued = phase else { return false }
                phase = .abandoned
                return true
            }
            if claimed {
                finished.leave()
                return nil
            }
            finished.wait()
            return phase.withLock { phase in
                guard case .done(let checked, let outcome) = phase, checked == digest else { return nil }
                return outcome
            }
        }
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var nextWorker = 0
    }

    private let state = Mutex(State())
    private let workers: [DispatchQueue]
    public let limit: Int

    /// A cache holding at most `limit` results, prefetching on `workers` threads.
    public init(limit: Int = 256, workers: Int = 1) {
        self.limit = max(1, limit)
        self.workers = (0..<max(1, workers)).map { DispatchQueue(label: "paxsim.payload-check.\($0)", qos: .userInitiated) }
    }

    /// Starts checking, on a worker thread, the payload `make` produces for the message
    /// `messageId` that will arrive later (a simulation's manifest, encoded on the worker).
    /// The agency uses the result only if that message's payload has the same digest.
    public func prefetch(messageId: String, payload make: @escaping @Sendable () -> [UInt8]?) {
        guard let (entry, worker) = insert(Self.idKey(messageId)) else { return }
        worker.async {
            guard entry.start() else { return }
            guard let payload = make() else { return entry.finish(nil) }
            entry.finish((SignedMessage.digest(of: payload), PayloadCheck.check(payload)))
        }
    }

    /// Checks the payload of an authenticated `message` on the caller's thread and keeps the
    /// result for the agency (a live server does this before queueing for its agency, so
    /// requests are checked in parallel). Nothing is parsed before the signature is checked:
    /// only messages that passed `EnvelopeCheck` come here.
    public func precheck(_ message: SignedMessage) {
        guard let (entry, _) = insert(message.payloadDigest), entry.start() else { return }
        entry.finish((message.payloadDigest, PayloadCheck.check(message.payload)))
    }

    private static func idKey(_ messageId: String) -> String { "id:" + messageId }

    /// A new queued entry under `key` and the worker for it (oldest dropped beyond `limit`),
    /// or nil if one exists.
    private func insert(_ key: String) -> (Entry, DispatchQueue)? {
        state.withLock { state in
            guard state.entries[key] == nil else { return nil }
            let entry = Entry()
            state.entries[key] = entry
            state.order.append(key)
            while state.order.count > limit { state.entries[state.order.removeFirst()] = nil }
            state.nextWorker = (state.nextWorker + 1) % workers.count
            return (entry, workers[state.nextWorker])
        }
    }

    /// Forgets the result for `digest` if nobody took it (a duplicate the agency answered
    /// from its inbox).
    public func discard(_ digest: String) {
        _ = remove(digest)
    }

    private func remove(_ key: String) -> Entry? {
        state.withLock { state in
            guard let entry = state.entries.removeValue(forKey: key) else { return nil }
            if let index = state.order.firstIndex(of: key) { state.order.remove(at: index) }
            return entry
        }
    }

    /// The check of `message`'s payload done ahead of time (waiting for it if it is running),
    /// or nil. `message` has passed the envelope check, so its digest is its payload's own.
    /// Each result is taken once.
    @_spi(Testing) public func take(_ message: SignedMessage) -> Outcome? {
        if let entry = remove(message.payloadDigest), let outcome = entry.take(digest: message.payloadDigest) {
            return outcome
        }
        return remove(Self.idKey(message.messageId))?.take(digest: message.payloadDigest)
    }
}
