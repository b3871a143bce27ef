import Dispatch
public import PaxExchange
import Synchronization

/// The queue behind group commit, whatever the database: writes handed in by many events are
/// taken in the order they were handed in, up to `maxGroup` at a time, and given to `commit`
/// (one transaction, one durable flush) on the queue's own dispatch queue, so neither the
/// agency's actor nor Swift's cooperative threads wait for the disk or the server. While one
/// group commits, the next gathers. `GroupCommitter` (SQLite) and PaxPostgres's storage both
/// use it; each supplies only how a group is written.
///
/// Epochs: writes are computed from in-memory state that assumed the earlier writes, so a
/// group that fails (any write in it), or a write that commits asking for `.reload`, starts a
/// new epoch, and writes handed in for an older epoch fail without reaching `commit` until the
/// driver has rebuilt its state and writes for the current one. The epoch and the counts are
/// updated before any write of the group completes, so a driver that sees its write fail
/// already sees the new epoch.
public final class CommitQueue<Work: Sendable>: Sendable {
    private struct Job: Sendable {
        var epoch: UInt64
        /// Nil for a barrier: nothing to write, but completes after every earlier write.
        var work: Work?
        var complete: @Sendable (Result<GroupCommitter.WriteOutcome, StoreError>) -> Void
    }

    private struct State {
        var queue: [Job] = []
        var running = false
        var epoch: UInt64 = 0
        var groups = 0
        var writes = 0
        var handedIn = 0
    }

    /// Writes one group in one transaction and answers one result per write, in order: all
    /// successes (the group is durable), or failures (nothing of the group is stored).
    public typealias GroupCommit = @Sendable ([Work]) -> [Result<GroupCommitter.WriteOutcome, StoreError>]

    private let state = Mutex(State())
    private let worker: DispatchQueue
    private let commit: GroupCommit
    /// Most writes in one group; 1 turns grouping off (one transaction per write).
    public let maxGroup: Int

    /// A queue committing with `commit` on a dispatch queue labelled `label`.
    public init(maxGroup: Int, label: String, commit: @escaping GroupCommit) {
        self.maxGroup = max(1, maxGroup)
        worker = DispatchQueue(label: label, qos: .userInitiated)
        self.commit = commit
    }

    /// The current epoch: writes must be handed in for it.
    public var epoch: UInt64 { state.withLock { $0.epoch } }

    /// Groups committed and writes in them so far.
    public var counts: (groups: Int, writes: Int) { state.withLock { ($0.groups, $0.writes) } }

    /// Writes and barriers handed in and not yet taken into a group, and handed in so far.
    public var queued: (waiting: Int, handedIn: Int) { state.withLock { ($0.queue.count, $0.handedIn) } }

    /// Commits `work` with the next group and returns once that group is durable (or has
    /// failed). The write is queued on the caller's actor (`isolation`) before any suspension,
    /// so writes handed in one after another by an actor are committed in that order.
    public func write(_ work: Work, epoch: UInt64,
                      isolation: isolated (any Actor)? = #isolation) async throws(StoreError) -> GroupCommitter.WriteOutcome {
        try await submit(epoch: epoch, work, isolation: isolation)
    }

    /// Returns once every write handed in before it is durable (or failed).
    public func barrier(isolation: isolated (any Actor)? = #isolation) async {
        _ = try? await submit(epoch: .max, nil, isolation: isolation)
    }

    /// Runs `body` on the queue's dispatch queue (blocking store work that must not hold a
    /// cooperative thread), after the groups already started.
    public func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            worker.async { continuation.resume(with: Result { try body() }) }
        }
    }

    private func submit(epoch: UInt64, _ work: Work?,
                        isolation: isolated (any Actor)?) async throws(StoreError) -> GroupCommitter.WriteOutcome {
        let result: Result<GroupCommitter.WriteOutcome, StoreError> = await withCheckedContinuation(isolation: isolation) { continuation in
            let job = Job(epoch: epoch, work: work, complete: { continuation.resume(returning: $0) })
            let start: Bool = state.withLock { state in
                state.queue.append(job)
                state.handedIn += 1
                guard !state.running else { return false }
                state.running = true
                return true
            }
            if start { worker.async { self.drain() } }
        }
        return try result.get()
    }

    /// Commits groups until the queue is empty (on the worker queue).
    private func drain() {
        while true {
            let taken: (jobs: [Job], epoch: UInt64)? = state.withLock { state in
                guard !state.queue.isEmpty else {
                    state.running = false
                    return nil
                }
                let count = min(maxGroup, state.queue.count)
                let jobs = Array(state.queue.prefix(count))
                state.queue.removeFirst(count)
                return (jobs, state.epoch)
            }
            guard let (jobs, epoch) = taken else { return }
            commit(jobs, epoch: epoch)
        }
    }

    private func commit(_ jobs: [Job], epoch: UInt64) {
        // Writes of an older epoch were computed from state a failure discarded.
        var current: [Job] = []
        for job in jobs {
            if job.work != nil && job.epoch < epoch {
                job.complete(.failure(.io("commit refused: an earlier commit failed and the agency is rebuilding its state")))
            } else {
                current.append(job)
            }
        }
        let works = current.compactMap(\.work)
        var results = works.isEmpty ? [] : commit(works)
        if results.count != works.count {
            // A commit that does not answer every write cannot say which are durable.
            results = Array(repeating: .failure(.io("commit answered \(results.count) results for \(works.count) writes")), count: works.count)
        }
        let failed = results.contains { if case .failure = $0 { true } else { false } }
        let reload = results.contains { if case .success(.reload) = $0 { true } else { false } }
        state.withLock { state in
            if !failed && !works.isEmpty {
                state.groups += 1
                state.writes += works.count
            }
            if failed || reload { state.epoch = epoch + 1 }
        }
        var next = results.makeIterator()
        for job in current {
            guard job.work != nil, let result = next.next() else {
                job.complete(.success(.done))
                continue
            }
            job.complete(result)
        }
    }
}
