import Foundation
import GRDB
import Logging
import PaxExchange
import Synchronization
import Testing
@testable import PaxServer

/// Group commit on the agency's SQLite database: order, one transaction for many writes,
/// nothing returned before it is durable, and what a failed group means for later writes.
@Suite("Group commit")
struct GroupCommitTests {
    /// An agency database with a scratch table `t (n)`, and a second connection that can hold
    /// SQLite's write lock (so the committer's next transaction has to wait for it).
    struct Fixture {
        let directory: TemporaryDirectory
        let database: AgencyDatabase
        let blocker: WriteLockHolder

        init() throws {
            directory = try TemporaryDirectory()
            // A busy timeout far longer than any test: the writes queued behind the held lock
            // wait for its release, however slowly a loaded machine schedules the test.
            database = try AgencyDatabase.open(path: directory.file("agency.sqlite"), busyTimeout: 900)
            try database.pool.write { db in try db.execute(sql: "CREATE TABLE t (n INTEGER NOT NULL)") }
            blocker = WriteLockHolder(path: directory.file("agency.sqlite"))
        }

        func holdWriteLock() throws { try blocker.hold() }
        func releaseWriteLock() throws { blocker.release() }

        /// The rows of `t` as another connection sees them (committed only).
        func committed() throws -> [Int] {
            try DatabaseQueue(path: directory.file("agency.sqlite")).read { db in
                try Int.fetchAll(db, sql: "SELECT n FROM t ORDER BY rowid")
            }
        }
    }

    @Test("writes commit in the order handed in, many to one transaction, and none returns before its commit is visible to others")
    func orderAndGrouping() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let committer = GroupCommitter(database: fixture.database)
        let returned = Count()
        try fixture.holdWriteLock()
        var tasks: [Task<Void, any Error>] = []
        // The first write takes SQLite's lock in vain and waits; the rest queue up behind it,
        // each handed in only after the one before is queued, so the order is known.
        let writes = 16
        for n in 0..<writes {
            tasks.append(Task {
                _ = try await committer.write(epoch: 0) { db in
                    try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [n])
                    return .done
                }
                returned.value.add(1, ordering: .relaxed)
            })
            try await LiveAgencyTests.waitFor("write \(n) queued") { committer.queued == (waiting: n, handedIn: n + 1) }
        }
        try await Task.sleep(for: .milliseconds(200))
        let returnedEarly = returned.value.load(ordering: .relaxed)
        #expect(returnedEarly == 0, "a write returned while its transaction could not commit")
        #expect(try fixture.committed().isEmpty)
        try fixture.releaseWriteLock()
        for task in tasks { try await task.value }
        #expect(try fixture.committed() == Array(0..<writes))
        let counts = committer.counts
        #expect(counts.writes == writes)
        #expect(counts.groups == 2, "the first write alone, then the \(writes - 1) that queued behind it: \(counts)")
    }

    @Test("group commit off (a group of one) commits each write on its own")
    func groupOfOne() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let committer = GroupCommitter(database: fixture.database, maxGroup: GroupCommitter.maxGroup(environment: ["PAXSIM_GROUP_COMMIT": "off"]))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<10 {
                group.addTask {
                    _ = try await committer.write(epoch: 0) { db in
                        try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [n])
                        return .done
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(committer.counts == (groups: 10, writes: 10))
        #expect(try fixture.committed().sorted() == Array(0..<10))
    }

    @Test("a failing write fails its whole group; writes computed before the failure are refused until the driver writes for the new epoch")
    func failureStartsANewEpoch() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let committer = GroupCommitter(database: fixture.database)
        try fixture.holdWriteLock()
        let insert: @Sendable (Int) -> @Sendable (Database) throws -> GroupCommitter.WriteOutcome = { n in
            { db in
                try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [n])
                return .done
            }
        }
        // Group 1: one write (waits for the lock). Group 2: a good write, a failing one, a good one.
        let first = Task { try await committer.write(epoch: 0, insert(1)) }
        try await LiveAgencyTests.waitFor("first write taken") { committer.queued == (waiting: 0, handedIn: 1) }
        let good = Task { try await committer.write(epoch: 0, insert(2)) }
        try await LiveAgencyTests.waitFor("second queued") { committer.queued == (waiting: 1, handedIn: 2) }
        let failing = Task { try await committer.write(epoch: 0) { _ in throw StoreError.io("disk on fire") } }
        try await LiveAgencyTests.waitFor("third queued") { committer.queued == (waiting: 2, handedIn: 3) }
        let later = Task { try await committer.write(epoch: 0, insert(3)) }
        try await LiveAgencyTests.waitFor("fourth queued") { committer.queued == (waiting: 3, handedIn: 4) }
        try fixture.releaseWriteLock()
        _ = try await first.value
        await #expect(throws: StoreError.self) { _ = try await good.value }
        await #expect(throws: StoreError.self) { _ = try await failing.value }
        await #expect(throws: StoreError.self) { _ = try await later.value }
        #expect(committer.epoch == 1)
        // Still computed from the state before the failure: refused without touching the store.
        await #expect(throws: StoreError.self) { _ = try await committer.write(epoch: 0, insert(4)) }
        _ = try await committer.write(epoch: 1, insert(5))
        #expect(try fixture.committed() == [1, 5])
    }

    @Test("a barrier returns only after every earlier write is durable")
    func barrierWaitsForEarlierWrites() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let committer = GroupCommitter(database: fixture.database)
        try fixture.holdWriteLock()
        let write = Task { try await committer.write(epoch: 0) { db in
            try db.execute(sql: "INSERT INTO t (n) VALUES (7)")
            return .done
        } }
        try await LiveAgencyTests.waitFor("write taken") { committer.queued == (waiting: 0, handedIn: 1) }
        let passed = Count()
        let barrier = Task {
            await committer.barrier()
            passed.value.add(1, ordering: .relaxed)
        }
        try await Task.sleep(for: .milliseconds(200))
        let passedEarly = passed.value.load(ordering: .relaxed)
        #expect(passedEarly == 0)
        try fixture.releaseWriteLock()
        await barrier.value
        _ = try await write.value
        #expect(try fixture.committed() == [7])
    }
}

@Suite("Live agency acknowledgements and group commit")
struct LiveAgencyGroupCommitTests {
    @Test("no acknowledgement before its commit is durable; manifests received meanwhile commit together")
    func acknowledgementWaitsForTheCommit() async throws {
        let pair = try LiveAgencyTests.Pair()
        defer { pair.directory.remove() }
        // Slow retries: the assessments to the (absent) SV-DGME add no commits during the test.
        var configuration = try #require(pair.configurations["US-CBP"])
        configuration.timing = try ExchangeTiming(retryBase: 600_000, retryCap: 600_000, maxAttempts: 3,
                                                  replayWindow: 10_000_000, skewTolerance: 1_000,
                                                  dedupWindow: 30_000_000, assessmentDeadline: 10_000_000)
        // A busy timeout far longer than the test: manifests wait for the held lock, not fail on it.
        let database = try AgencyDatabase.open(path: pair.directory.file("US-CBP.sqlite"), busyTimeout: 900)
        let us = try LiveAgency(configuration: configuration, database: database,
                                transport: pair.transport, logger: Logger(label: "test"))
        await us.start()
        let key = try #require(pair.configurations["SV-DGME"]).signingKey
        var frames: [[UInt8]] = []
        for seed in 0..<12 {
            let manifest = try LiveAgencyTests.manifest(seed: 100 + UInt64(seed), travelers: 3)
            frames.append(WireFrame.encode(try SignedMessage.signed(
                messageId: manifest.header.messageId, correlationId: "", sender: "SV-DGME", receiver: "US-CBP",
                createdAt: LiveAgency.now(), payload: try manifest.xml(), key: key)))
        }
        let blocker = WriteLockHolder(path: pair.directory.file("US-CBP.sqlite"))
        let reader = try DatabaseQueue(path: pair.directory.file("US-CBP.sqlite"))
        try blocker.hold()
        let before = us.commitQueue.handedIn
        let answered = Count()
        let receiving = frames.map { frame in
            Task {
                let result = await us.receive(frame)
                answered.value.add(1, ordering: .relaxed)
                return result
            }
        }
        // Every manifest handled by the agency and its write handed to the committer, which
        // cannot commit while another connection holds SQLite's write lock.
        try await LiveAgencyTests.waitFor("all writes handed in") { us.commitQueue.handedIn - before == frames.count }
        try await Task.sleep(for: .milliseconds(200))
        let answeredEarly = answered.value.load(ordering: .relaxed)
        #expect(answeredEarly == 0, "an acknowledgement came back before its commit")
        let visible = try await reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM exchange_inbox") }
        #expect(visible == 0)
        let groupsBefore = us.commitCounts.groups
        blocker.release()
        var replies = 0
        for task in receiving where await task.value.reply != nil { replies += 1 }
        #expect(replies == frames.count)
        let stored = try await reader.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM exchange_inbox WHERE outcome = 'manifest-accepted'")
        }
        #expect(stored == frames.count)
        let groups = us.commitCounts.groups - groupsBefore
        #expect(groups >= 1 && groups <= 2, "\(frames.count) manifests committed in \(groups) groups")
        await us.shutdown()
    }
}

/// A counter tasks share.
final class Count: Sendable {
    let value = Atomic<Int>(0)
}

/// Holds SQLite's write lock on a database from another connection (`BEGIN IMMEDIATE` on a
/// thread of its own) until `release()`, so the agency's next commit has to wait for it.
final class WriteLockHolder: Sendable {
    let path: String
    private let held = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let failure = Mutex<String?>(nil)

    init(path: String) { self.path = path }

    func hold() throws {
        let path = self.path
        Thread.detachNewThread { [self] in
            do {
                let queue = try DatabaseQueue(path: path)
                try queue.writeWithoutTransaction { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    held.signal()
                    released.wait()
                    try db.execute(sql: "COMMIT")
                }
            } catch {
                failure.withLock { $0 = "\(error)" }
                held.signal()
            }
            done.signal()
        }
        held.wait()
        if let failure = failure.withLock({ $0 }) { throw LockError(text: failure) }
    }

    func release() {
        released.signal()
        done.wait()
    }

    struct LockError: Error { var text: String }
}
