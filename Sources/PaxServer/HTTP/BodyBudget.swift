import Synchronization

/// The memory budget for request bodies being read at once. A request reserves its declared
/// length before its body is read and releases it when done; a reservation that does not
/// fit is refused (the server answers 503 at once rather than queueing the upload).
public final class BodyBudget: Sendable {
    public let capacity: Int
    private let used = Mutex(0)

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// Reserves `bytes`; false when they do not fit beside what is held.
    public func reserve(_ bytes: Int) -> Bool {
        guard bytes >= 0 else { return false }
        return used.withLock { used in
            guard bytes <= capacity - used else { return false }
            used += bytes
            return true
        }
    }

    /// Gives back a reservation.
    public func release(_ bytes: Int) {
        used.withLock { used in used = max(0, used - max(0, bytes)) }
    }

    /// Bytes reserved now.
    public var inUse: Int { used.withLock { $0 } }
}
