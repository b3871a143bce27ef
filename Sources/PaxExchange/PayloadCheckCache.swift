import Dispatch
public import PaxMessages
import Synchronization

/// Payload checks (parse, schema, rules, decode) done ahead of time on a worker thread, so a
/// driver can use a second core while the agency, one event at a time, uses the first.
///
/// A driver hands in frames as they are put on the link (`prefetch`); the agency takes the
/// result by the payload's SHA-256 when the message arrives, after its envelope check has
/// verified that digest (`take`), and checks the payload itself when nothing was prefetched.
/// Results depend only on the payload bytes, so prefetching changes no outcome (and no
/// simulation trace). At most `limit` results are held; the oldest are dropped first.
public final class PayloadCheckCache: Sendable {
    public typealias Outcome = (root: String?, result: Result<PaxMessage, PayloadErrors>)

    /// One check, running or done.
    final class Entry: Sendable {
        let done = DispatchGroup()
        let outcome = Mutex<Outcome?>(nil)
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
    }

    private let state = Mutex(State())
    private let worker = DispatchQueue(label: "paxsim.payload-check", qos: .userInitiated)
    public let limit: Int

    public init(limit: Int = 256) {
        self.limit = max(1, limit)
    }

    /// Starts checking the payload of `frame` if it is a well-formed frame whose payload
    /// matches its declared digest (anything else is left to the agency's envelope check).
    public func prefetch(frame: [UInt8]) {
        guard let message = try? WireFrame.decode(frame) else { return }
        let digest = message.payloadDigest
        guard let entry = insert(digest) else { return }
        worker.async {
            // The declared digest is trusted only once the payload is seen to match it.
            if SignedMessage.digest(of: message.payload) == digest {
                let outcome = PayloadCheck.check(message.payload)
                entry.outcome.withLock { $0 = outcome }
            }
            entry.done.leave()
        }
    }

    /// Checks the payload of an authenticated `message` on the caller's thread and keeps the
    /// result for the agency (a live server does this before queueing for its agency, so
    /// requests are checked in parallel). Nothing is parsed before the signature is checked:
    /// only messages that passed `EnvelopeCheck` come here.
    public func precheck(_ message: SignedMessage) {
        guard let entry = insert(message.payloadDigest) else { return }
        entry.outcome.withLock { $0 = PayloadCheck.check(message.payload) }
        entry.done.leave()
    }

    /// A new running entry for `digest` (oldest dropped beyond `limit`), or nil if one exists.
    private func insert(_ digest: String) -> Entry? {
        let entry = Entry()
        let added: Bool = state.withLock { state in
            guard state.entries[digest] == nil else { return false }
            state.entries[digest] = entry
            state.order.append(digest)
            while state.order.count > limit { state.entries[state.order.removeFirst()] = nil }
            return true
        }
        guard added else { return nil }
        entry.done.enter()
        return entry
    }

    /// Forgets the result for `digest` if nobody took it (a duplicate the agency answered
    /// from its inbox).
    public func discard(_ digest: String) {
        state.withLock { state in
            guard state.entries.removeValue(forKey: digest) != nil else { return }
            if let index = state.order.firstIndex(of: digest) { state.order.remove(at: index) }
        }
    }

    /// The prefetched check of the payload with SHA-256 `digest` (waiting for it if it is
    /// still running), or nil. Each result is taken once.
    func take(_ digest: String) -> Outcome? {
        let entry: Entry? = state.withLock { state in
            guard let entry = state.entries.removeValue(forKey: digest) else { return nil }
            if let index = state.order.firstIndex(of: digest) { state.order.remove(at: index) }
            return entry
        }
        guard let entry else { return nil }
        entry.done.wait()
        return entry.outcome.withLock { $0 }
    }
}
