import Dispatch
import Foundation
public import GRDB
public import PaxExchange
import Synchronization

/// Group commit for an agency's SQLite database: writes handed in by many events are applied
/// in the order they were handed in, several to one SQLite transaction, so they share one
/// `fsync` (`synchronous = FULL`). Each `write` returns only once the transaction holding it
/// is durable; a driver that sends or acknowledges after `write` returns never acknowledges
/// anything a crash could lose.
///
/// Commits run on the committer's own dispatch queue, so neither the agency's actor nor
/// Swift's cooperative threads wait for the disk; while one group commits, the next gathers.
///
/// A group that fails is rolled back whole and every write in it fails. Writes are computed
/// from in-memory state that assumed the earlier writes, so a failure also starts a new
/// *epoch*: writes handed in for an older epoch fail without touching the database until the
/// driver has rebuilt its state from the store and writes for the current epoch
/// (`epoch`). A write can ask for the same reset after it commits (`WriteOutcome.reload`).
public final class GroupCommitter: Sendable {
    /// What a committed write asks of its driver.
    public enum WriteOutcome: Sendable {
        case done
        /// The write changed stored state behind the driver's back (retention re-masked a
        /// record): writes computed before it are refused and the driver rebuilds its state.
        case reload
    }

    private struct Job: Sendable {
        var epoch: UInt64
        /// Nil for a barrier: nothing to write, but completes after every earlier write.
        var body: (@Sendable (Database) throws -> WriteOutcome)?
        var complete: @Sendable (Result<WriteOutcome, StoreError>) -> Void
    }

    private struct State {
        var queue: [Job] = []
        var running = false
        var epoch: UInt64 = 0
        var groups = 0
        var writes = 0
        var handedIn = 0
    }

    private let database: AgencyDatabase
    private let state = Mutex(State())
    private let worker: DispatchQueue
    /// Most writes in one transaction; 1 turns group commit off (one transaction and one
    /// `fsync` per write, as before group commit, for comparison).
    public let maxGroup: Int

    /// A committer for `database` grouping at most `maxGroup` writes per transaction.
    public init(database: AgencyDatabase, maxGroup: Int = 256, label: String = "paxsim.group-commit") {
        self.database = database
        self.maxGroup = max(1, maxGroup)
        worker = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// The group size `PAXSIM_GROUP_COMMIT` asks for: `off` or `0` or `1` turn grouping off,
    /// a number sets the largest group, anything else (or unset) keeps `standard`.
    public static func maxGroup(environment: [String: String]? = nil, standard: Int = 256) -> Int {
        let environment = environment ?? ProcessInfo.processInfo.environment
        guard let text = environment["PAXSIM_GROUP_COMMIT"]?.lowercased() else { return standard }
        if text == "off" || text == "0" { return 1 }
        if let value = Int(text), value >= 1 { return min(value, 65_536) }
        return standard
    }

    /// The current epoch: writes must be handed in for it.
    public var epoch: UInt64 { state.withLock { $0.epoch } }

    /// Groups committed and writes in them so far (for tests and metrics).
    public var counts: (groups: Int, writes: Int) { state.withLock { ($0.groups, $0.writes) } }

    /// Writes and barriers handed in and not yet taken into a group, and handed in so far.
    var queued: (waiting: Int, handedIn: Int) { state.withLock { ($0.queue.count, $0.handedIn) } }

    /// Applies `body` inside a group transaction and returns once that transaction is durable
    /// (or has failed: then nothing of `body` is stored). `epoch` is the driver's epoch.
    /// The write is queued on the caller's actor (`isolation`), before any suspension, so writes
    /// handed in one after another by an actor are committed in that order.
    public func write(epoch: UInt64, isolation: isolated (any Actor)? = #isolation,
                      _ body: @escaping @Sendable (Database) throws -> WriteOutcome) async throws(StoreError) -> WriteOutcome {
        try await submit(epoch: epoch, isolation: isolation, body)
    }

    /// Returns once every write handed in before it is durable (or failed).
    public func barrier(isolation: isolated (any Actor)? = #isolation) async {
        _ = try? await submit(epoch: .max, isolation: isolation, nil)
    }

    private func submit(epoch: UInt64, isolation: isolated (any Actor)?,
                        _ body: (@Sendable (Database) throws -> WriteOutcome)?) async throws(StoreError) -> WriteOutcome {
        let result: Result<WriteOutcome, StoreError> = await withCheckedContinuation(isolation: isolation) { continuation in
            enqueue(Job(epoch: epoch, body: body, complete: { continuation.resume(returning: $0) }))
        }
        return try result.get()
    }

    private func enqueue(_ job: Job) {
        let start: Bool = state.withLock { state in
            state.queue.append(job)
            state.handedIn += 1
            guard !state.running else { return false }
            state.running = true
            return true
        }
        if start { worker.async { self.drain() } }
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
            if job.body != nil && job.epoch < epoch {
                job.complete(.failure(.io("commit refused: an earlier commit failed and the agency is rebuilding its state")))
            } else {
                current.append(job)
            }
        }
        let writes = current.compactMap(\.body)
        guard !writes.isEmpty else {
            for job in current { job.complete(.success(.done)) }
            return
        }
        let result: Result<[WriteOutcome], StoreError>
        do {
            let outcomes = try database.pool.write { db in try writes.map { try $0(db) } }
            result = .success(outcomes)
        } catch let error as StoreError {
            result = .failure(error)
        } catch {
            result = .failure(.io("commit failed: \(AgencyDatabase.describe(error))"))
        }
        state.withLock { state in
            switch result {
            case .success(let outcomes):
                state.groups += 1
                state.writes += outcomes.count
                if outcomes.contains(where: { if case .reload = $0 { true } else { false } }) { state.epoch = epoch + 1 }
            case .failure:
                state.epoch = epoch + 1
            }
        }
        var outcomes = (try? result.get())?.makeIterator()
        for job in current {
            guard job.body != nil else {
                job.complete(result.map { _ in .done })
                continue
            }
            switch result {
            case .success: job.complete(.success(outcomes?.next() ?? .done))
            case .failure(let error): job.complete(.failure(error))
            }
        }
    }
}
