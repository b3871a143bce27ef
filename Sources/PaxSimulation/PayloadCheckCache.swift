import Dispatch
public import PaxExchange
public import PaxRisk
import Synchronization

/// The simulator's prefetch of receivers' payload checks: a manifest due soon is encoded,
/// checked and screened on a worker thread (the other cores) while the event loop, one event
/// at a time, uses one core; when the manifest arrives, the driver takes the result and hands
/// it to the receiving agency as event data (`AgencyEvent.received(_:precheck:)`).
///
/// The agency uses a result only if it was computed from bytes with the arriving payload's
/// digest, so none of this changes an outcome (or a simulation trace). A prefetch nobody has
/// started yet is claimed by the taker (the agency then checks inline), so the loop never
/// waits behind a queue. At most `limit` results are held; the oldest are dropped first.
public final class PayloadCheckCache: Sendable {
    /// One check: queued, running, done or abandoned.
    final class Entry: Sendable {
        enum Phase {
            case queued
            case running
            case done(PayloadPrecheck)
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

        func finish(_ result: PayloadPrecheck?) {
            phase.withLock { $0 = result.map { .done($0) } ?? .abandoned }
            finished.leave()
        }

        /// The result for a payload with SHA-256 `digest`, waiting while it runs; nil if it
        /// was never started (it is then abandoned) or was computed from other bytes.
        func take(digest: String) -> PayloadPrecheck? {
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
                guard case .done(let precheck) = phase, precheck.digest == digest else { return nil }
                return precheck
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
    private let screening: RiskEngine?
    public let limit: Int

    /// A cache holding at most `limit` results, prefetching on `workers` threads; manifests
    /// are screened ahead with `screening` (the receivers' own engine) when given.
    public init(limit: Int = 256, workers: Int = 1, screening: RiskEngine? = nil) {
        self.limit = max(1, limit)
        self.screening = screening
        self.workers = (0..<max(1, workers)).map { DispatchQueue(label: "paxsim.payload-check.\($0)", qos: .userInitiated) }
    }

    /// Starts checking, on a worker thread, the payload `make` produces for the message
    /// `messageId` that will arrive later (a simulation's manifest, encoded on the worker).
    public func prefetch(messageId: String, payload make: @escaping @Sendable () -> [UInt8]?) {
        guard let (entry, worker) = insert(messageId) else { return }
        let screening = self.screening
        worker.async {
            guard entry.start() else { return }
            guard let payload = make() else { return entry.finish(nil) }
            entry.finish(PayloadPrecheck.compute(payload, screening: screening))
        }
    }

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

    /// The check prefetched for message `messageId` (waiting for it if it is running), if it
    /// was computed from a payload with SHA-256 `digest`; nil otherwise. Each result is taken
    /// once.
    public func take(messageId: String, digest: String) -> PayloadPrecheck? {
        let entry: Entry? = state.withLock { state in
            guard let entry = state.entries.removeValue(forKey: messageId) else { return nil }
            if let index = state.order.firstIndex(of: messageId) { state.order.remove(at: index) }
            return entry
        }
        return entry?.take(digest: digest)
    }
}
