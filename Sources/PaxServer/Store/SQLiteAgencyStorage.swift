public import Foundation
import GRDB
public import PaxExchange

/// The embedded `AgencyStorage`: one SQLite file (`AgencyDatabase`) used by one process. Each
/// event's transaction, audit records, archived travellers and peer audit head go to the
/// `GroupCommitter` as one write, so many events share one `fsync`.
public struct SQLiteAgencyStorage: AgencyStorage {
    public let database: AgencyDatabase
    let store: SQLiteExchangeStore
    let committer: GroupCommitter
    let auditLog: AuditLog

    /// Storage over `database`; `maxCommitGroup` is the most events committed in one transaction.
    public init(database: AgencyDatabase, maxCommitGroup: Int = GroupCommitter.maxGroup(), label: String = "paxsim.commit") {
        self.database = database
        store = SQLiteExchangeStore(database: database)
        committer = GroupCommitter(database: database, maxGroup: maxCommitGroup, label: label)
        auditLog = AuditLog(database: database)
    }

    public var location: String { database.path }
    public var epoch: UInt64 { committer.epoch }
    public var commitCounts: (groups: Int, writes: Int) { committer.counts }
    public var commitQueue: (waiting: Int, handedIn: Int) { committer.queued }
    public var shared: (any SharedAgencyStorage)? { nil }

    public func snapshot() throws(StoreError) -> StoreSnapshot { try store.snapshot() }

    public func write(_ write: AgencyWrite, epoch: UInt64,
                      isolation: isolated (any Actor)?) async throws(StoreError) -> GroupCommitter.WriteOutcome {
        let auditLog = self.auditLog
        guard let transaction = write.transaction else {
            return try await committer.write(epoch: epoch, isolation: isolation) { db in
                for event in write.audit { _ = try auditLog.append(event, in: db) }
                return .done
            }
        }
        return try await committer.write(epoch: epoch, isolation: isolation) { db in
            try SQLiteExchangeStore.apply(transaction, in: db)
            try write.overview.apply(in: db)
            for event in write.audit { _ = try auditLog.append(event, in: db) }
            try TravelerDataArchive.insert(write.archived, in: db)
            if let peerHead = write.peerHead { try PeerAuditHeads.keep(peerHead, auditLog: auditLog, in: db) }
            return try TravelerDataArchive.keepMasked(manifestIds: write.storedManifestIds, in: db).isEmpty ? .done : .reload
        }
    }

    public func startNewEpoch(after epoch: UInt64, isolation: isolated (any Actor)?) async {
        _ = try? await committer.write(epoch: epoch, isolation: isolation) { _ in .reload }
    }

    public func barrier(isolation: isolated (any Actor)?) async { await committer.barrier(isolation: isolation) }

    public func auditHead() -> AuditHead? {
        try? database.pool.read { db in try AuditLog.head(db) }
    }

    public func appendAudit(_ events: [AuditEvent]) async throws {
        guard !events.isEmpty else { return }
        let auditLog = self.auditLog
        try await database.pool.write { db in
            for event in events { try auditLog.append(event, in: db) }
        }
    }

    public func applyRetention(_ policy: RetentionPolicy, now: Date, actor: String) async throws -> RetentionRun? {
        try await TravelerDataArchive(auditLog: auditLog).applyRetention(policy, now: now, actor: actor)
    }

    public func isHealthy() async -> Bool {
        (try? await database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") }) != nil
    }

    public func close() {}
}
