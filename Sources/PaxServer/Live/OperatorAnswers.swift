import Synchronization
import PaxExchange

/// Operator messages by id: the first answer to each, replayed for a repeat of the same id
/// (status, headers and body), so a retried `paxsim agency submit` never acts twice. An id
/// is kept until its message could no longer pass the replay check; a repeat that arrives
/// while the first is still being handled is told so (409). Bounded: when `capacity` live
/// ids are held, new operator messages are refused (503) rather than forgetting one.
final class OperatorAnswers: Sendable {
    enum Claim {
        /// New: handle it, then `finish`.
        case claimed
        /// Seen: its first answer.
        case answered(IntakeResponse)
        case inProgress
        case full
    }

    private enum Entry {
        case pending(expires: ExchangeTime)
        case done(IntakeResponse, expires: ExchangeTime)

        var expires: ExchangeTime {
            switch self {
            case .pending(let expires), .done(_, let expires): expires
            }
        }
    }

    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    func claim(_ id: String, expires: ExchangeTime, now: ExchangeTime) -> Claim {
        entries.withLock { entries in
            if let entry = entries[id], entry.expires >= now {
                if case .done(let answer, _) = entry { return .answered(answer) }
                return .inProgress
            }
            if entries.count >= capacity { entries = entries.filter { $0.value.expires >= now } }
            guard entries.count < capacity else { return .full }
            entries[id] = .pending(expires: expires)
            return .claimed
        }
    }

    /// Records the answer to a claimed id (a 503 is forgotten instead, so a retry acts).
    func finish(_ id: String, with answer: IntakeResponse) {
        entries.withLock { entries in
            guard case .pending(let expires) = entries[id] else { return }
            entries[id] = answer.status == 503 ? nil : .done(answer, expires: expires)
        }
    }
}
