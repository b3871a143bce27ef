import PaxExchange

/// One simulated agency's store, shared by all its instances: the committed exchange state
/// with `InMemoryStore`'s semantics (a unique (sender, id) inbox, all-or-nothing transactions),
/// and, for an agency of several instances, what the live shared store (PostgreSQL) adds:
/// outbox leases in simulated time (the instance delivering a pending message, until when),
/// and an audit chain naming the instance that wrote each record.
///
/// Reads model concurrency: an instance's lookup does not see an inbox record another instance
/// committed less than `openTransactionMs` before (that instance's transaction was still open
/// when this one read), so two instances receiving one message at once both process it and the
/// store's unique key decides, as in the live store.
struct SimulatedStore {
    /// A lease on a pending outgoing message: held by one instance until an agency-clock instant.
    struct Lease: Equatable {
        var owner: Int
        var until: ExchangeTime
    }

    /// One audit record: which instance committed which event (its inbox key, if any).
    struct AuditEntry {
        var sequence: Int
        var instance: Int
        var what: String
    }

    /// How long (simulated ms) another instance's commit stays invisible to a read.
    static let openTransactionMs: Int64 = 50

    private(set) var state = StoreSnapshot()
    private(set) var leases: [String: Lease] = [:]
    private(set) var audit: [AuditEntry] = []
    /// When (simulated ms) and by which instance each inbox record was committed.
    private var inboxCommitted: [MessageKey: (at: Int64, instance: Int)] = [:]
    /// False only in a deliberately broken test double: a second insert of an inbox key replaces
    /// the first instead of being refused.
    let uniqueInbox: Bool
    /// Whether this store keeps leases, commit times and the audit chain (several instances).
    let shared: Bool

    init(shared: Bool, uniqueInbox: Bool = true) {
        self.shared = shared
        self.uniqueInbox = uniqueInbox
    }

    /// Commits `transaction` for `instance` at simulated time `now` (agency clock `agencyNow`),
    /// leasing the outgoing messages it sends (`sending`) to that instance until
    /// `agencyNow + leaseMs`, as the live shared store does in the same transaction.
    mutating func commit(_ transaction: StoreTransaction, instance: Int, now: Int64, agencyNow: ExchangeTime,
                         sending: [String], leaseMs: Int64) throws(StoreError) {
        var applied = transaction
        if !uniqueInbox {
            applied.operations = transaction.operations.map {
                if case .insertInbox(let record) = $0 { return .replaceInbox(record) }
                return $0
            }
        }
        try InMemoryStore.apply(applied, to: &state)
        guard shared else { return }
        var what = "commit"
        for operation in transaction.operations {
            guard case .insertInbox(let record) = operation else { continue }
            inboxCommitted[record.key] = (now, instance)
            what = record.key.description
        }
        let until = ExchangeTimeArithmetic.sum(agencyNow, leaseMs)
        for id in sending where state.outbox[id]?.state == .pending { leases[id] = Lease(owner: instance, until: until) }
        audit.append(AuditEntry(sequence: audit.count + 1, instance: instance, what: what))
    }

    /// What another instance may have stored about an incoming message, as `LiveAgency` reads
    /// it: the inbox record (sender, id), and the agency's own manifest and outgoing message that
    /// `correlationId` names. An inbox record another instance committed within the last
    /// `openTransactionMs` is not visible yet.
    func relatedRecords(of key: MessageKey, correlationId: String?, agency: String, reader: Int, now: Int64) -> StoreSnapshot {
        var records = StoreSnapshot()
        if let inbox = state.inbox[key] {
            let committed = inboxCommitted[key]
            let open = committed.map { $0.instance != reader && now - $0.at < Self.openTransactionMs } ?? false
            if !open { records.inbox[key] = inbox }
        }
        if let correlationId {
            let own = MessageKey(sender: agency, messageId: correlationId)
            if let manifest = state.manifests[own] { records.manifests[own] = manifest }
            if let outbox = state.outbox[correlationId] { records.outbox[correlationId] = outbox }
        }
        return records
    }

    /// Claims for `instance` up to `limit` pending messages due at `now` (agency clock) whose
    /// lease is free or expired, until `now + leaseMs`, oldest due first, with the manifests an
    /// answer would change (as `PostgresAgencyStorage.claimDueOutbox`).
    /// `takenOver` counts the claimed messages whose (expired) lease another instance held.
    mutating func claimDue(now: ExchangeTime, limit: Int, instance: Int, agency: String, leaseMs: Int64,
                           takenOver: inout Int) -> StoreSnapshot {
        let due = state.outbox.values.filter { record in
            record.state == .pending && record.nextAttemptAt <= now && (leases[record.messageId].map { $0.until <= now } ?? true)
        }.sorted { ($0.nextAttemptAt, $0.messageId) < ($1.nextAttemptAt, $1.messageId) }.prefix(max(0, limit))
        var claimed = StoreSnapshot()
        let until = ExchangeTimeArithmetic.sum(now, leaseMs)
        for record in due {
            if let previous = leases[record.messageId], previous.owner != instance { takenOver += 1 }
            leases[record.messageId] = Lease(owner: instance, until: until)
            claimed.outbox[record.messageId] = record
            let key: MessageKey
            switch record.purpose {
            case .manifest: key = MessageKey(sender: agency, messageId: record.messageId)
            case .riskAssessment(let manifestId): key = MessageKey(sender: record.receiver, messageId: manifestId)
            case .assistanceRequest: continue
            }
            if let manifest = state.manifests[key] { claimed.manifests[key] = manifest }
        }
        return claimed
    }

    /// Gives `instance`'s lease on `messageId` back (its delivery ended); another's stays.
    mutating func releaseLease(of messageId: String, instance: Int) {
        if leases[messageId]?.owner == instance { leases[messageId] = nil }
    }

    /// The earliest agency-clock instant at which some pending message can be claimed (due and
    /// its lease free or expired); nil when nothing is pending.
    func earliestClaimable() -> ExchangeTime? {
        var earliest: ExchangeTime?
        for record in state.outbox.values where record.state == .pending {
            let at = max(record.nextAttemptAt, leases[record.messageId]?.until ?? record.nextAttemptAt)
            earliest = min(earliest ?? at, at)
        }
        return earliest
    }

    /// The lease on `messageId`, if any.
    func lease(of messageId: String) -> Lease? { leases[messageId] }
}
