public import Foundation
public import Logging
public import PaxExchange
public import PaxServer
import Dispatch
import PostgresNIO
import Synchronization

/// The `AgencyStorage` of a live agency on PostgreSQL: `PostgresExchangeStore` with group
/// commit, shared by every instance of the agency (`paxsim agency serve` with
/// `"database": "postgres://..."`).
///
/// Writes handed in by many events are committed in order, several per transaction, on the
/// storage's own dispatch queue (so neither the agency's actor nor Swift's cooperative threads
/// wait for the server). The epoch rules are `GroupCommitter`'s: a failed group fails every
/// write in it and starts a new epoch. The write that failed because another instance had
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
    public let maxGroup: Int
    private let worker: DispatchQueue
    private let state = Mutex(State())

    private enum Work: Sendable {
        case write(AgencyWrite)
        case reload
        case barrier
    }

    private struct Job: Sendable {
        var epoch: UInt64
        var work: Work
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
        self.leaseMilliseconds = max(1, leaseMilliseconds)
        self.maxGroup = max(1, maxGroup)
        worker = DispatchQueue(label: "paxsim.commit.postgres.\(store.instance)", qos: .userInitiated)
    }

    /// Opens the storage a configuration names: what `paxsim agency serve` passes to `AgencyService`.
    public static let opener: AgencyStorageOpener = { configuration, logger in
        try PostgresAgencyStorage(configuration: configuration, logger: logger)
    }

    // MARK: AgencyStorage

    public var location: String { store.location.description }
    public var instance: String { store.instance }
    public var epoch: UInt64 { state.withLock { $0.epoch } }
    public var commitCounts: (groups: Int, writes: Int) { state.withLock { ($0.groups, $0.writes) } }
    public var commitQueue: (waiting: Int, handedIn: Int) { state.withLock { ($0.queue.count, $0.handedIn) } }
    public var shared: (any SharedAgencyStorage)? { self }

    public func snapshot() throws(StoreError) -> StoreSnapshot { try store.snapshot() }

    public func write(_ write: AgencyWrite, epoch: UInt64,
                      isolation: isolated (any Actor)?) async throws(StoreError) -> GroupCommitter.WriteOutcome {
        try await submit(epoch: epoch, .write(write), isolation: isolation)
    }

    public func startNewEpoch(after epoch: UInt64, isolation: isolated (any Actor)?) async {
        _ = try? await submit(epoch: epoch, .reload, isolation: isolation)
    }

    public func barrier(isolation: isolated (any Actor)?) async {
        _ = try? await submit(epoch: .max, .barrier, isolation: isolation)
    }

    public func auditHead() -> AuditHead? { try? store.auditHead() }

    public func appendAudit(_ events: [AuditEvent]) async throws {
        guard !events.isEmpty else { return }
        let store = self.store
        try await onWorker {
            try store.writing("audit append") { connection in
                for event in events { try store.append(event, on: connection) }
            }
        }
    }

    public func applyRetention(_ policy: RetentionPolicy, now: Date, actor: String) async throws -> RetentionRun? {
        let store = self.store
        let run = try await onWorker { try store.applyRetention(policy, now: now, actor: actor) }
        return run.map { run in
            RetentionRun(cutoff: run.cutoff, maskedRows: run.maskedRows, auditSequence: run.auditSequence,
                         maskedManifests: run.maskedManifests, maskedFrames: run.maskedFrames, maskedReplies: run.maskedReplies)
        }
    }

    public func isHealthy() async -> Bool {
        let store = self.store
        return (try? await onWorker { _ = try store.auditHead() }) != nil
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

    /// Queues `work` on the caller's actor before any suspension (so an actor's writes keep its order).
    private func submit(epoch: UInt64, _ work: Work,
                        isolation: isolated (any Actor)?) async throws(StoreError) -> GroupCommitter.WriteOutcome {
        let result: Result<GroupCommitter.WriteOutcome, StoreError> = await withCheckedContinuation(isolation: isolation) { continuation in
            let start: Bool = state.withLock { state in
                state.queue.append(Job(epoch: epoch, work: work, complete: { continuation.resume(returning: $0) }))
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
        var current: [Job] = []
        for job in jobs {
            if case .barrier = job.work {
                current.append(job)
            } else if job.epoch < epoch {
                job.complete(.failure(.io("commit refused: an earlier commit failed and the agency is rebuilding its state")))
            } else {
                current.append(job)
            }
        }
        let writes: [AgencyWrite] = current.compactMap { job in
            if case .write(let write) = job.work { return write }
            return nil
        }
        let reloads = current.contains { if case .reload = $0.work { true } else { false } }
        var failure: (index: Int, error: StoreError)?
        if !writes.isEmpty {
            do {
                try store.commitGroup(writes, leaseMilliseconds: leaseMilliseconds)
            } catch {
                failure = (error.index, error.error)
            }
        }
        state.withLock { state in
            if failure == nil {
                if !writes.isEmpty {
                    state.groups += 1
                    state.writes += writes.count
                }
                if reloads { state.epoch = epoch + 1 }
            } else {
                state.epoch = epoch + 1
            }
        }
        var writeIndex = 0
        for job in current {
            switch job.work {
            case .barrier:
                job.complete(.success(.done))
            case .reload:
                job.complete(.success(.reload))
            case .write:
                defer { writeIndex += 1 }
                guard let failure else {
                    job.complete(.success(.done))
                    continue
                }
                if failure.index == writeIndex {
                    job.complete(.failure(failure.error))
                } else {
                    job.complete(.failure(.io("commit refused: another write in its group failed (\(failure.error))")))
                }
            }
        }
    }

    /// Runs blocking store work on the storage's queue, after the writes handed in before it.
    private func onWorker<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            worker.async {
                continuation.resume(with: Result { try body() })
            }
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
