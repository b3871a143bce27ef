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
    func inboxRecord(_ messageId: String) -> InboxRecord? { state.withLock { $0.inbox[messageId] } }
    func status(of messageId: String) -> MessageStatus? { nil }
}
