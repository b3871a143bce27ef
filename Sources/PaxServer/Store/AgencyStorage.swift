public import Foundation
public import PaxExchange

/// Where a live agency keeps what it must not lose: its exchange store, its audit chain and its
/// traveller-data archive, committed together per event. `LiveAgency` and `AgencyService` use
/// only this, so the same agency runs on SQLite (`SQLiteAgencyStorage`, one process, the
/// embedded default) or on PostgreSQL (PaxPostgres, several instances of one agency over one
/// database).
///
/// Writes follow the group-commit rules of `GroupCommitter`: each returns once durable; a failed
/// write, or one answering `.reload`, starts a new epoch, and writes handed in for an older
/// epoch are refused until the agency has rebuilt its state from `snapshot()`.
public protocol AgencyStorage: Sendable {
    /// Where the data lives, for messages (a file path, or a URL without its password).
    var location: String { get }
    /// The current epoch: writes must be handed in for it.
    var epoch: UInt64 { get }
    /// Groups committed and writes in them so far.
    var commitCounts: (groups: Int, writes: Int) { get }
    /// Writes waiting to be committed, and handed in so far (tests).
    var commitQueue: (waiting: Int, handedIn: Int) { get }
    /// Every record of the exchange store (to rebuild the agency's state).
    func snapshot() throws(StoreError) -> StoreSnapshot
    /// Commits one event's write; returns once it is durable. The write is queued on the
    /// caller's actor (`isolation`) before any suspension, so an actor's writes commit in the
    /// order it handed them in (pass `#isolation`).
    func write(_ write: AgencyWrite, epoch: UInt64, isolation: isolated (any Actor)?) async throws(StoreError) -> GroupCommitter.WriteOutcome
    /// Starts a new epoch once every write handed in before is committed (the stored state
    /// changed behind the agency's back, e.g. retention masked it).
    func startNewEpoch(after epoch: UInt64, isolation: isolated (any Actor)?) async
    /// Returns once every write handed in before it is durable (or failed).
    func barrier(isolation: isolated (any Actor)?) async
    /// The audit chain's last record as committed; nil when empty or unreadable.
    func auditHead() -> AuditHead?
    /// Appends records that go with no state change (refusal summaries), in one transaction.
    func appendAudit(_ events: [AuditEvent]) async throws
    /// Masks traveller data past `policy`; nil when another instance is running it now.
    func applyRetention(_ policy: RetentionPolicy, now: Date, actor: String) async throws -> RetentionRun?
    /// Whether the store answers a trivial read (`/health`).
    func isHealthy() async -> Bool
    /// The outbox leases and inbox lookups of a store shared by several instances; nil when
    /// this instance is the store's only user.
    var shared: (any SharedAgencyStorage)? { get }
    /// Releases connections and files (after the agency stopped).
    func close()
}

/// A store that several instances of one agency use at once (PostgreSQL). An instance's
/// memory holds only what it has seen itself, so it asks the store: whether another instance
/// already processed an incoming message, and which pending outgoing messages are due and not
/// being delivered by anyone (a lease), so each is in flight on one instance at a time.
public protocol SharedAgencyStorage: Sendable {
    /// This instance's name (recorded in the inbox rows and audit records it writes).
    var instance: String { get }
    /// How long a claimed (or newly sent) outgoing message stays this instance's.
    var leaseMilliseconds: Int64 { get }
    /// What another instance may have stored about an incoming message: its inbox record
    /// (sender, id), and this agency's own manifest and outgoing message `correlationId` names
    /// (a risk assessment answers the manifest it correlates to).
    func relatedRecords(of key: MessageKey, correlationId: String?, agency: String) throws(StoreError) -> StoreSnapshot
    /// The manifest record stored under `key` (this agency's own, read again before one of its
    /// timers acts on it: another instance may have moved it on).
    func storedManifest(_ key: MessageKey) throws(StoreError) -> ManifestRecord?
    /// Claims up to `limit` pending outgoing messages that are due and unleased, with the
    /// manifest records they concern (to merge into this instance's state).
    func claimDueOutbox(now: ExchangeTime, limit: Int) throws(StoreError) -> StoreSnapshot
    /// Gives the lease on an outgoing message back (its delivery ended).
    func releaseLease(of messageId: String) throws(StoreError)
}

/// One event's durable write: its store transaction (nil: only audit records), its audit
/// records, the traveller data it first holds, the audit head a peer reported in it, and the
/// outgoing messages it sends now (leased to the sending instance on a shared store).
public struct AgencyWrite: Sendable {
    public var transaction: StoreTransaction?
    public var audit: [AuditEvent]
    public var archived: [TravelerDataRecord]
    public var peerHead: PeerAuditHead?
    /// Ids of the manifests the transaction writes (retention keeps masked ones masked).
    public var storedManifestIds: [String]
    /// Outbox ids sent (as requests) once this write is durable.
    public var sending: [String]
    /// The operators' overview of the manifests this write changes (the console's tables; kept
    /// by the SQLite store, which the console reads).
    public var overview: ManifestOverview.Changes
    /// The event's time, milliseconds since 1970 (lease expiries count from it).
    public var now: ExchangeTime

    public init(transaction: StoreTransaction?, audit: [AuditEvent], archived: [TravelerDataRecord] = [],
                peerHead: PeerAuditHead? = nil, storedManifestIds: [String] = [], sending: [String] = [],
                overview: ManifestOverview.Changes = ManifestOverview.Changes(), now: ExchangeTime) {
        self.transaction = transaction
        self.audit = audit
        self.archived = archived
        self.peerHead = peerHead
        self.storedManifestIds = storedManifestIds
        self.sending = sending
        self.overview = overview
        self.now = now
    }
}
