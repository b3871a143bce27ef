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

    /// Refuses a transaction that would insert an inbox record already present (before the
    /// transaction or earlier in it).
    static func check(_ transaction: StoreTransaction, against snapshot: StoreSnapshot) throws(StoreError) {
        var inserted: Set<String> = []
        for case .insertInbox(let record) in transaction.operations {
            guard snapshot.inbox[record.messageId] == nil, inserted.insert(record.messageId).inserted else {
                throw .duplicateInbox(record.messageId)
            }
        }
    }

    static func applyChecked(_ transaction: StoreTransaction, to snapshot: inout StoreSnapshot) {
        for operation in transaction.operations {
            switch operation {
            case .putManifest(let record): snapshot.manifests[record.messageId] = record
            case .putOutbox(let record): snapshot.outbox[record.messageId] = record
            case .insertInbox(let record): snapshot.inbox[record.messageId] = record
            case .replaceInbox(let record): snapshot.inbox[record.messageId] = record
            case .pruneInbox(let before): snapshot.inbox = snapshot.inbox.filter { $0.value.receivedAt >= before }
            }
        }
    }

    public func snapshot() -> StoreSnapshot { state.withLock { $0 } }

    public func inboxRecord(_ messageId: String) -> InboxRecord? { state.withLock { $0.inbox[messageId] } }

    public func status(of messageId: String) -> MessageStatus? {
        state.withLock { snapshot in
            if let out = snapshot.outbox[messageId] { return .outgoing(out.state, attempts: out.attempts) }
            if let record = snapshot.inbox[messageId] { return .incoming(outcome: record.outcome, receivedAt: record.receivedAt) }
            return nil
        }
    }
}
