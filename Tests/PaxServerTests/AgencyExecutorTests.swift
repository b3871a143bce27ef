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
            let database = try AgencyDatabase.open(path: path)
            agencies.append(try LiveAgency(configuration: configuration, database: database, transport: pair.transport,
                                           logger: Logger(label: "test")))
            // Another connection takes the write lock, as a long write or a slow disk would.
            var holderConfiguration = Configuration()
            holderConfiguration.allowsUnsafeTransactions = true
            let holder = try DatabaseQueue(path: path, configuration: holderConfiguration)
            try await holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
            lockHolders.append(holder)
        }
        let released = Mutex<ContinuousClock.Instant?>(nil)
        // The locks are released from a dispatch thread, never the pool, after 6 s (within the
        // agencies' 10 s busy timeout; long enough that other suites' brief use of the pool in
        // the same process does not make the probe late).
        let holders = lockHolders
        DispatchQueue.global().asyncAfter(deadline: .now() + 6) {
            released.withLock { $0 = ContinuousClock.now }
            for holder in holders { try? holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }
        }
        let submits = agencies.enumerated().map { index, agency in
            Task { try await agency.submit(try LiveAgencyTests.manifest(seed: 40 + UInt64(index), travelers: 2)) }
        }
        // Each agency is now waiting for its database's write lock (busy timeout 10 s).
        try await Task.sleep(for: .milliseconds(500))
        let probeRan = await Task.detached { released.withLock { $0 == nil } }.value
        #expect(probeRan, "a pool task ran only after the blocked writes were released")
        #expect(released.withLock { $0 == nil }, "the test itself resumed only after the blocked writes were released")
        for submit in submits { _ = try await submit.value }
        for agency in agencies { await agency.shutdown() }
    }
}
