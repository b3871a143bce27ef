/// Why the PostgreSQL store could not be opened or used (the exchange operations themselves
/// report `StoreError`, as every `ExchangeStore` does).
public enum PostgresStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration (URL, instance name) is wrong.
    case configuration(String)
    /// The server could not be reached, refused a statement, or returned an unreadable row.
    case io(String)

    public var description: String {
        switch self {
        case .configuration(let text), .io(let text): text
        }
    }
}
