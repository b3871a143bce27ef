/// Why output could not be written; names the file and the system's reason.
public enum OutputError: Error, Sendable, Hashable, CustomStringConvertible {
    case cannotCreate(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case cannotRename(path: String, reason: String)
    /// The message could not be encoded (text XML cannot carry; not expected from generated data).
    case encoding(String)

    public var description: String {
        switch self {
        case let .cannotCreate(path, reason): "cannot create \(path): \(reason)"
        case let .cannotWrite(path, reason): "cannot write \(path): \(reason)"
        case let .cannotRename(path, reason): "cannot move the finished file to \(path): \(reason)"
        case let .encoding(reason): "cannot encode the message: \(reason)"
        }
    }
}
