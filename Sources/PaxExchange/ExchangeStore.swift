/// Durable storage of an agency: manifests, outbox and inbox, changed only by atomic
/// transactions. What `commit` returned from is durable; anything else is lost on a crash.
///
/// `PaxExchangeTesting.StoreContract` states the rules every implementation must pass.
public protocol ExchangeStore: Sendable {
    /// Applies every operation or none; throws `StoreError` and changes nothing on refusal.
    func commit(_ transaction: StoreTransaction) throws(StoreError)
    /// The committed state.
    func snapshot() throws(StoreError) -> StoreSnapshot
    /// One inbox record (a processed message), if still within the dedup window.
    func inboxRecord(_ messageId: String) throws(StoreError) -> InboxRecord?
    /// The status of a message this agency sent or received.
    func status(of messageId: String) throws(StoreError) -> MessageStatus?
}

/// A store refusal or failure.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicateInbox(String)
    case io(String)

    public var description: String {
        switch self {
        case .duplicateInbox(let id): "inbox already holds message \(id)"
        case .io(let text): text
        }
    }
}
