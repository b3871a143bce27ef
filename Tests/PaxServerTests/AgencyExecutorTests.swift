import Foundation
import GRDB
import Logging
import PaxExchange
import Synchronization
import Testing
@testable import PaxServer

/// The live agency's SQLite commits wait for the disk (`synchronous = FULL`) or for the write
/// lock; that wait must not hold Swift's cooperative threads, or every other task stalls.
@Suite("Live agency executor")
struct AgencyExecutorTests {
    @Test("agencies blocked in SQLite writes leave the cooperative pool free")
    func blockedWritesLeaveThePoolFree() async throws {
        let pair = try LiveAgencyTests.Pair()
        defer { pair.directory.remove() }
        // More blocked agencies than the pool has threads (one per core).
        let count = ProcessInfo.processInfo.activeProcessorCount + 2
        var agencies: [LiveAgency] = []
        var lockHolders: [DatabaseQueue] = []
        let configuration = try #require(pair.configurations["SV-DGME"])
        for index in 0..<count {
            let path = pair.directory.file("agency-\(index).sqlite")
            let database = try AgencyDatabase.open(path: path, busyTimeout: 300)
            agencies.append(try LiveAgency(configuration: configuration, database: database, transport: pair.transport,
                                           logger: Logger(label: "test")))
            // Another connection takes the write lock, as a long write or a slow disk would.
            var holderConfiguration = Configuration()
            holderConfiguration.allowsUnsafeTransactions = true
            let holder = try DatabaseQueue(path: path, configuration: holderConfiguration)
            try await holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
            lockHolders.append(holder)
        }
        // The locks are held until a pool task has run (or 120 s), and released from a thread of
        // their own, never the pool. The agencies wait up to 300 s for their locks, so while they are
        // held, nothing but the agencies' own design decides whether the pool is free. No deadline
        // is involved: other suites may keep the two-thread pool busy for a while, which only
        // delays the probe; blocked agencies holding pool threads would delay it until the release.
        let released = Mutex(false)
        let probeDone = DispatchSemaphore(value: 0)
        let holders = lockHolders
        Thread.detachNewThread {
            _ = probeDone.wait(timeout: .now() + 120)
            released.withLock { $0 = true }
            for holder in holders { try? holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }
        }
        let completed = CompletionCount()
        let submits = agencies.enumerated().map { index, agency in
            Task {
                let id = try await agency.submit(try LiveAgencyTests.manifest(seed: 40 + UInt64(index), travelers: 2))
                completed.count.withLock { $0 += 1 }
                return id
            }
        }
        // Let each agency reach its database's write lock.
        try await Task.sleep(for: .milliseconds(500))
        let testResumedWhileHeld = released.withLock { !$0 }
        let probeRanWhileHeld = await Task.detached { released.withLock { !$0 } }.value
        let completedWhileHeld = completed.count.withLock { $0 }
        probeDone.signal()
        #expect(testResumedWhileHeld, "the test itself resumed only after the blocked writes were released")
        #expect(probeRanWhileHeld, "a pool task ran only after the blocked writes were released")
        #expect(completedWhileHeld == 0, "a submission finished while its database was locked: the test did not block it")
        for submit in submits { _ = try await submit.value }
        #expect(completed.count.withLock { $0 } == count)
        for agency in agencies { await agency.shutdown() }
    }
}

/// Submissions finished so far, shared by the test's tasks.
private final class CompletionCount: Sendable {
    let count = Mutex(0)
}
