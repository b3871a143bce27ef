public import Foundation
public import Logging
public import PaxExchange
public import PaxServer
import PostgresNIO

/// The `AgencyStorage` of a live agency on PostgreSQL: `PostgresExchangeStore` with group
/// commit, shared by every instance of the agency (`paxsim agency serve` with
/// `"database": "postgres://..."`).
///
/// Writes handed in by many events are committed in order, several per transaction, by a
/// `CommitQueue` (the same queue and epoch rules as SQLite's `GroupCommitter`: on its own
/// dispatch queue, so neither the agency's actor nor Swift's cooperative threads wait for the
/// server; a failed group fails every write in it and starts a new epoch). The write that failed because another instance had
/// already inserted the same inbox key gets `StoreError.duplicateInbox`, so the agency answers
/// that message with the other instance's stored reply.
///
/// Outgoing messages sent by a write are leased to this instance in the same transaction, and
/// retries come from `claimDueOutbox`, so each is in flight on one instance at a time.
/// Audit heads that peers report are not kept on PostgreSQL yet (SQLite keeps them).
public final class PostgresAgencyStorage: AgencyStorage, SharedAgencyStorage {
    public let store: PostgresExchangeStore
    /// The agency this storage belongs to (its own manifests are keyed by it).
    public let agency: String
    public let leaseMilliseconds: Int64
    public var maxGroup: Int { queue.maxGroup }
    /// Group commit (`CommitQueue`): the storage's writes, epoch reloads and blocking reads.
    private let queue: CommitQueue<Work>

    private enum Work: Sendable {
        case write(AgencyWrite)
        case reload
    }

    /// Connects to the configuration's database as its instance (applying migrations).
    public convenience init(configuration: AgencyServiceConfiguration, logger: Logger) throws(PostgresStoreError) {
        guard let location = configuration.postgres else {
            throw .configuration("\(configuration.sourcePath): no PostgreSQL database configured")
        }
        self.init(store: try PostgresExchangeStore(location: location, instance: configuration.instance, logger: logger),
                  agency: configuration.agency,
                  leaseMilliseconds: Int64(configuration.timing.outboxLeaseSeconds) * 1_000)
    }

    /// Storage over an open store; `maxGroup` is the most writes per transaction.
    public init(store: PostgresExchangeStore, agency: String, leaseMilliseconds: Int64, maxGroup: Int = 256) {
        self.store = store
        self.agency = agency
        let lease = max(1, leaseMilliseconds)
        self.leaseMilliseconds = lease
        queue = CommitQueue(maxGroup: maxGroup, label: "paxsim.commit.postgres.\(store.instance)") { works in
            Self.commit(works, to: store, leaseMilliseconds: lease)
        }
    }

    /// Opens the storage a configuration names: what `paxsim agency serve` passes to `AgencyService`.
    public static let opener: AgencyStorageOpener = { configuration, logger in
        try PostgresAgencyStorage(configuration: configuration, logger: logger)
    }

    // MARK: AgencyStorage

    public var location: String { store.location.description }
    public var instance: String { store.instance }
    public var epoch: UInt64 { queue.epoch }
    public var commitCounts: (groups: Int, writes: Int) { queue.counts }
    public var commitQueue: (waiting: Int, handedIn: Int) { queue.queued }
    public var shared: (any SharedAgencyStorage)? { self }

    public func snapshot() throws(StoreError) -> StoreSnapshot { try store.snapshot() }

    public func write(_ write: AgencyWrite, epoch: UInt64,
                      isolation: isolated (any Actor)?) async throws(StoreError) -> GroupCommitter.WriteOutcome {
        try await queue.write(.write(write), epoch: epoch, isolation: isolation)
    }

    public func startNewEpoch(after epoch: UInt64, isolation: isolated (any Actor)?) async {
        _ = try? await queue.write(.reload, epoch: epoch, isolation: isolation)
    }

    public func barrier(isolation: isolated (any Actor)?) async {
        await queue.barrier(isolation: isolation)
    }

    public func auditHead() -> AuditHead? { try? store.auditHead() }

    public func appendAudit(_ events: [AuditEvent]) async throws {
        guard !events.isEmpty else { return }
        let store = self.store
        try await queue.perform {
            try store.writing("audit append") { connection in
                for event in events { try store.append(event, on: connection) }
            }
        }
    }

    public func applyRetention(_ policy: RetentionPolicy, now: Date, actor: String) async throws -> RetentionRun? {
        let store = self.store
        let run = try await queue.perform { try store.applyRetention(policy, now: now, actor: actor) }
        return run.map { run in
            RetentionRun(cutoff: run.cutoff, maskedRows: run.maskedRows, auditSequence: run.auditSequence,
                         maskedManifests: run.maskedManifests, maskedFrames: run.maskedFrames, maskedReplies: run.maskedReplies)
        }
    }

    public func isHealthy() async -> Bool {
        let store = self.store
        return (try? await queue.perform { _ = try store.auditHead() }) != nil
    }

    public func close() { store.close() }

    // MARK: SharedAgencyStorage

    public func relatedRecords(of key: MessageKey, correlationId: String?, agency: String) throws(StoreError) -> StoreSnapshot {
        var records = StoreSnapshot()
        if let inbox = try store.inboxRecord(key) { records.inbox[key] = inbox }
        if let correlationId {
            let own = MessageKey(sender: agency, messageId: correlationId)
            if let manifest = try store.manifestRecord(own) { records.manifests[own] = manifest }
            if let outbox = try store.outboxRecord(correlationId) { records.outbox[correlationId] = outbox }
        }
        return records
    }

    public func storedManifest(_ key: MessageKey) throws(StoreError) -> ManifestRecord? {
        try store.manifestRecord(key)
    }

    public func claimDueOutbox(now: ExchangeTime, limit: Int) throws(StoreError) -> StoreSnapshot {
        var records = StoreSnapshot()
        for record in try store.claimDueOutbox(now: now, limit: limit, leaseMilliseconds: leaseMilliseconds) {
            records.outbox[record.messageId] = record
            // The manifest an answer to it would change: this agency's own, or the peer's it assesses.
            let key: MessageKey
            switch record.purpose {
            case .manifest: key = MessageKey(sender: agency, messageId: record.messageId)
            case .riskAssessment(let manifestId): key = MessageKey(sender: record.receiver, messageId: manifestId)
            case .assistanceRequest: continue
            }
            if let manifest = try store.manifestRecord(key) { records.manifests[key] = manifest }
        }
        return records
    }

    public func releaseLease(of messageId: String) throws(StoreError) {
        try store.releaseLease(of: messageId)
    }

    // MARK: Group commit

    /// One group: its writes in one transaction (reloads write nothing and answer `.reload`).
    /// The write that failed gets its own error (`duplicateInbox` when another instance
    /// inserted the same inbox key first), the others of the group a refusal.
    private static func commit(_ works: [Work], to store: PostgresExchangeStore,
                               leaseMilliseconds: Int64) -> [Result<GroupCommitter.WriteOutcome, StoreError>] {
        var writes: [AgencyWrite] = []
        for case .write(let write) in works { writes.append(write) }
        var failure: GroupCommitFailure?
        if !writes.isEmpty {
            do {
                try store.commitGroup(writes, leaseMilliseconds: leaseMilliseconds)
            } catch {
                failure = error
            }
        }
        var writeIndex = 0
        return works.map { work in
            guard case .write = work else { return .success(.reload) }
            defer { writeIndex += 1 }
            guard let failure else { return .success(.done) }
            if failure.index == writeIndex { return .failure(failure.error) }
            return .failure(.io("commit refused: another write in its group failed (\(failure.error))"))
        }
    }
}

/// Which write of a group failed, and why.
struct GroupCommitFailure: Error {
    var index: Int
    var error: StoreError
}

extension PostgresExchangeStore {
    /// Commits `writes` in one transaction, in order: each one's store transaction, archived
    /// travellers and audit records, and a lease on the outgoing messages it sends (until its
    /// time plus `leaseMilliseconds`). Throws which write failed; nothing of the group is kept.
    func commitGroup(_ writes: [AgencyWrite], leaseMilliseconds: Int64) throws(GroupCommitFailure) {
        var failing = 0
        do {
            try pool.transaction(.readCommitted) { connection in
                for (index, write) in writes.enumerated() {
                    failing = index
                    if let transaction = write.transaction { try apply(transaction, on: connection) }
                    for record in write.archived { try insertArchived(record, on: connection) }
                    for event in write.audit { try append(event, on: connection) }
                    let until = write.now.addingReportingOverflow(leaseMilliseconds)
                    guard !until.overflow else { throw StoreError.io("lease expiry overflows") }
                    for id in write.sending {
                        try pool.run("""
                            UPDATE exchange_outbox SET lease_owner = \(instance), lease_until_ms = \(until.partialValue)
                            WHERE message_id = \(id)
                            """, on: connection)
                    }
                }
            }
        } catch let error as StoreError {
            throw GroupCommitFailure(index: failing, error: error)
        } catch {
            throw GroupCommitFailure(index: failing, error: .io("commit failed: \(PostgresStoreErrorText.describe(error))"))
        }
    }

    /// The manifest record (submitter, id), if stored.
    public func manifestRecord(_ key: MessageKey) throws(StoreError) -> ManifestRecord? {
        try reading("manifest lookup") { connection in
            guard let row = try pool.run("SELECT record FROM exchange_manifest WHERE submitter = \(key.sender) AND message_id = \(key.messageId)",
                                         on: connection).rows.first else { return nil }
            let record = try Self.decoder.decode(ManifestRecord.self, from: try row.decode(Data.self))
            guard record.key == key else { throw StoreError.io("manifest row \(key) holds the record of \(record.key)") }
            return record
        }
    }

    /// The outgoing message `messageId`, if stored.
    public func outboxRecord(_ messageId: String) throws(StoreError) -> OutboxRecord? {
        try reading("outbox lookup") { connection in
            try pool.run("\(unescaped: Self.outboxColumns) FROM exchange_outbox WHERE message_id = \(messageId)",
                         on: connection).rows.first.map(Self.outbox)
        }
    }
}
