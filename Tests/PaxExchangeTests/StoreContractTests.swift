import PaxExchange
import PaxExchangeTesting
import Synchronization
import Testing

@Suite("Store contract")
struct StoreContractTests {
    @Test func theInMemoryStorePassesTheContract() throws {
        try StoreContract.verify { InMemoryStore() }
    }

    @Test func aStoreThatForgetsDuplicatesFailsTheContractByName() {
        do {
            try StoreContract.verify { LenientStore() }
            Issue.record("a store accepting duplicate inbox inserts passed the contract")
        } catch let violation as StoreContractViolation {
            #expect(violation.clause == .duplicateInboxRefused)
            #expect(violation.description.contains("refused with duplicateInbox"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a store keyed by message id alone (the old identity) fails the contract by name")
    func aStoreKeyedByIdAloneFails() {
        do {
            try StoreContract.verify { IdOnlyStore() }
            Issue.record("a store keyed by message id alone passed the contract")
        } catch let violation as StoreContractViolation {
            #expect(violation.clause == .manifestsKeyedBySubmitter)
        } catch {
            Issue.record("unexpected error \(error)")
        }
        // With manifests keyed correctly, the inbox clause catches the id-only dedup.
        do {
            try StoreContract.verify { IdOnlyStore(manifestsToo: false) }
            Issue.record("a store deduplicating by message id alone passed the contract")
        } catch let violation as StoreContractViolation {
            #expect(violation.clause == .inboxKeyedBySender)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

/// A broken store with the old identity: a manifest replaces any record with its id, and an
/// inbox insert is refused when any sender's record has its id.
final class IdOnlyStore: ExchangeStore {
    private let state = Mutex(StoreSnapshot())
    private let manifestsToo: Bool

    init(manifestsToo: Bool = true) { self.manifestsToo = manifestsToo }

    func commit(_ transaction: StoreTransaction) throws(StoreError) {
        try state.withLock { (snapshot: inout StoreSnapshot) throws(StoreError) in
            var next = snapshot
            for operation in transaction.operations {
                switch operation {
                case .putManifest(let record) where manifestsToo:
                    next.manifests = next.manifests.filter { $0.key.messageId != record.messageId }
                    next.manifests[record.key] = record
                case .insertInbox(let record):
                    if next.inbox.keys.contains(where: { $0.messageId == record.messageId }) { throw .duplicateInbox(record.key) }
                    next.inbox[record.key] = record
                default:
                    try InMemoryStore.apply(StoreTransaction([operation]), to: &next)
                }
            }
            snapshot = next
        }
    }

    func snapshot() -> StoreSnapshot { state.withLock { $0 } }
    func inboxRecord(_ key: MessageKey) -> InboxRecord? { state.withLock { $0.inbox[key] } }
    func outgoingStatus(of messageId: String) -> MessageStatus? { nil }
    func incomingStatus(of key: MessageKey) -> MessageStatus? { nil }
}

/// A broken store: inserts overwrite instead of refusing (so the contract has something to catch).
final class LenientStore: ExchangeStore {
    private let state = Mutex(StoreSnapshot())

    func commit(_ transaction: StoreTransaction) throws(StoreError) {
        let relaxed = StoreTransaction(transaction.operations.map { operation in
            if case .insertInbox(let record) = operation { return .replaceInbox(record) }
            return operation
        })
        try state.withLock { (snapshot: inout StoreSnapshot) throws(StoreError) in try InMemoryStore.apply(relaxed, to: &snapshot) }
    }

    func snapshot() -> StoreSnapshot { state.withLock { $0 } }
    func inboxRecord(_ key: MessageKey) -> InboxRecord? { state.withLock { $0.inbox[key] } }
    func outgoingStatus(of messageId: String) -> MessageStatus? { nil }
    func incomingStatus(of key: MessageKey) -> MessageStatus? { nil }
}
