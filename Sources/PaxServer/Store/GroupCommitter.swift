import Foundation
public import GRDB
public import PaxExchange

/// Group commit for an agency's SQLite database: writes handed in by many events are applied
/// in the order they were handed in, several to one SQLite transaction, so they share one
/// `fsync` (`synchronous = FULL`). Each `write` returns only once the transaction holding it
/// is durable; a driver that sends or acknowledges after `write` returns never acknowledges
/// anything a crash could lose.
///
/// The queue, its dispatch queue and the epoch rules are `CommitQueue`'s (shared with the
/// PostgreSQL storage): a group that fails is rolled back whole and every write in it fails,
/// and starts a new *epoch*; writes handed in for an older epoch fail without touching the
/// database until the driver has rebuilt its state from the store. A write can ask for the
/// same reset after it commits (`WriteOutcome.reload`).
public final class GroupCommitter: Sendable {
    /// What a committed write asks of its driver.
    public enum WriteOutcome: Sendable {
        case done
        /// The write changed stored state behind the driver's back (retention re-masked a
        /// record): writes computed before it are refused and the driver rebuilds its state.
        case reload
    }

    /// One event's write: runs inside the group's transaction.
    public typealias Body = @Sendable (Database) throws -> WriteOutcome

    private let queue: CommitQueue<Body>
    /// Most writes in one transaction; 1 turns group commit off (one transaction and one
    /// `fsync` per write, as before group commit, for comparison).
    public var maxGroup: Int { queue.maxGroup }

    /// A committer for `database` grouping at most `maxGroup` writes per transaction.
    public init(database: AgencyDatabase, maxGroup: Int = 256, label: String = "paxsim.group-commit") {
        queue = CommitQueue(maxGroup: maxGroup, label: label) { writes in
            // One SQLite transaction: all of it commits, or none (and every write fails).
            do {
                let outcomes = try database.pool.write { db in try writes.map { try $0(db) } }
                return outcomes.map { .success($0) }
            } catch let error as StoreError {
                return Array(repeating: .failure(error), count: writes.count)
            } catch {
                return Array(repeating: .failure(.io("commit failed: \(AgencyDatabase.describe(error))")), count: writes.count)
            }
        }
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
    public var epoch: UInt64 { queue.epoch }

    /// Groups committed and writes in them so far (for tests and metrics).
    public var counts: (groups: Int, writes: Int) { queue.counts }

    /// Writes and barriers handed in and not yet taken into a group, and handed in so far.
    var queued: (waiting: Int, handedIn: Int) { queue.queued }

    /// Applies `body` inside a group transaction and returns once that transaction is durable
    /// (or has failed: then nothing of `body` is stored). `epoch` is the driver's epoch.
    /// The write is queued on the caller's actor (`isolation`), before any suspension, so writes
    /// handed in one after another by an actor are committed in that order.
    public func write(epoch: UInt64, isolation: isolated (any Actor)? = #isolation,
                      _ body: @escaping Body) async throws(StoreError) -> WriteOutcome {
        try await queue.write(body, epoch: epoch, isolation: isolation)
    }

    /// Returns once every write handed in before it is durable (or failed).
    public func barrier(isolation: isolated (any Actor)? = #isolation) async {
        await queue.barrier(isolation: isolation)
    }
}
