import Synchronization

/// The simulator's store: committed state in memory, behind a lock. It models durability by
/// being the only thing that survives an agency crash (the agency's own copy is volatile).
public final class InMemoryStore: ExchangeStore {
    private let state = Mutex(StoreSnapshot())

    public init() {}

    public func commit(_ transaction: StoreTransaction) throws(StoreError) {
        try state.withLock { (current: inout StoreSnapshot) throws(StoreError) in
            // Check first, then apply in place: all or nothing without copying the state.
            try Self.check(transaction, against: current)
            Self.applyChecked(transaction, to: &current)
        }
    }

    /// Applies a transaction's operations in order to `snapshot` (shared with other stores'
    /// tests as the reference semantics).
    public static func apply(_ transaction: StoreTransaction, to snapshot: inout StoreSnapshot) throws(StoreError) {
        try check(transaction, against: snapshot)
        applyChecked(transaction, to: &snapshot)
    }

    /// Refuses a transaction that would insert an inbox record whose (sender, id) is already
    /// present (before the transaction or earlier in it).
    static func check(_ transaction: StoreTransaction, against snapshot: StoreSnapshot) throws(StoreError) {
        var inserted: Set<MessageKey> = []
        for case .insertInbox(let record) in transaction.operations {
            guard snapshot.inbox[record.key] == nil, inserted.insert(record.key).inserted else {
                throw .duplicateInbox(record.key)
            }
        }
    }

    static func applyChecked(_ transaction: StoreTransaction, to snapshot: inout StoreSnapshot) {
        for operation in transaction.operations {
            switch operation {
            case .putManifest(let record): snapshot.manifests[record.key] = record
            case .putOutbox(let record): snapshot.outbox[record.messageId] = record.settled(record.state)
            case .insertInbox(let record): snapshot.inbox[record.key] = record
            case .replaceInbox(let record): snapshot.inbox[record.key] = record
            case .pruneInbox(let before): snapshot.inbox = snapshot.inbox.filter { $0.value.receivedAt >= before }
            }
        }
    }

    public func snapshot() -> StoreSnapshot { state.withLock { $0 } }

    public func inboxRecord(_ key: MessageKey) -> InboxRecord? { state.withLock { $0.inbox[key] } }

    public func outgoingStatus(of messageId: String) -> MessageStatus? {
        state.withLock { snapshot in snapshot.outbox[messageId].map { .outgoing($0.state, attempts: $0.attempts) } }
    }

    public func incomingStatus(of key: MessageKey) -> MessageStatus? {
        state.withLock { snapshot in snapshot.inbox[key].map { .incoming(outcome: $0.outcome, receivedAt: $0.receivedAt) } }
    }
}
