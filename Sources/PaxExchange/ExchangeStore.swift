/// Durable storage of an agency: manifests, outbox and inbox, changed only by atomic
/// transactions. What `commit` returned from is durable; anything else is lost on a crash.
///
/// Incoming messages and manifests are keyed by (sender, message id) (`MessageKey`): a record
/// of one sender is never found, refused or replaced under another sender's message.
/// `PaxExchangeTesting.StoreContract` states the rules every implementation must pass.
public protocol ExchangeStore: Sendable {
    /// Applies every operation or none; throws `StoreError` and changes nothing on refusal.
    func commit(_ transaction: StoreTransaction) throws(StoreError)
    /// The committed state.
    func snapshot() throws(StoreError) -> StoreSnapshot
    /// One inbox record (a processed message from `key.sender`), if still within the dedup window.
    func inboxRecord(_ key: MessageKey) throws(StoreError) -> InboxRecord?
    /// The status of a message this agency sent, by its id.
    func outgoingStatus(of messageId: String) throws(StoreError) -> MessageStatus?
    /// The status of a message this agency received, by (sender, id).
    func incomingStatus(of key: MessageKey) throws(StoreError) -> MessageStatus?
}

/// A store refusal or failure.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicateInbox(MessageKey)
    case io(String)

    public var description: String {
        switch self {
        case .duplicateInbox(let key): "inbox already holds message \(key.messageId) from \(key.sender)"
        case .io(let text): text
        }
    }
}
