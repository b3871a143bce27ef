import Foundation
import PaxExchange
import PaxServer

/// Turns the two agencies' events into readable timeline lines, stamped with the time since
/// the demo started.
final class DemoTimeline: Sendable {
    private let start = ContinuousClock.now
    private let emit: @Sendable (String) -> Void
    /// Travellers per manifest id, for the lines about manifests.
    private let travelers: [String: Int]

    init(travelers: [String: Int], emit: @escaping @Sendable (String) -> Void) {
        self.travelers = travelers
        self.emit = emit
    }

    func say(_ text: String) {
        let elapsed = start.duration(to: .now)
        let millis = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let stamp = String(format: "%4lld.%03lld", millis / 1000, millis % 1000)
        emit("[+\(stamp)s] " + text)
    }

    func record(_ event: LiveAgencyEvent, at agency: String) {
        switch event {
        case .sent(let peer, let messageId, let kind):
            switch kind {
            case .request(let attempt):
                let what = describe(messageId)
                say("\(agency) → \(peer)  \(what)" + (attempt > 1 ? "  (retry \(attempt - 1))" : ""))
            case .reply, .repeatedReply:
                break  // replies are reported by their receiver
            }
        case .processed(let sender, let messageId, let outcome):
            // Accepted acknowledgements show as the manifest's `delivered` state instead.
            switch outcome {
            case .ackAccepted, .ackLate, .ackUnmatched: return
            default: say("\(agency) ← \(sender)  \(describe(messageId)): \(outcome.rawValue)")
            }
        case .manifest(let record):
            if record.state == .delivered {
                say("\(agency)  manifest \(record.messageId) delivered: \(record.receiver) acknowledged it")
                return
            }
            guard record.state.isTerminal else { return }
            var text = "\(agency)  manifest \(record.messageId) \(record.state.rawValue)"
            if record.state == .assessed {
                var counts: [String: Int] = [:]
                for outcome in record.outcomes.values { counts[outcome.rawValue, default: 0] += 1 }
                text += ": " + counts.keys.sorted().map { "\(counts[$0] ?? 0) \($0)" }.joined(separator: ", ")
            }
            say(text)
        case .refused(let rejection):
            say("\(agency)  REFUSED \(rejection.reason.rawValue): \(rejection.detail)")
        case .duplicate(let messageId):
            say("\(agency)  duplicate \(messageId) answered with the stored reply")
        case .alert(let alert):
            say("\(agency)  ALERT \(alert.kind.rawValue) \(alert.messageId): \(alert.detail)")
        case .deliveryFailed(let peer, let messageId, let detail):
            say("\(agency) ↛ \(peer)  \(describe(messageId)): \(detail); will retry")
        }
    }

    /// A message id in words: its kind (from the id's shape) and, for manifests, the size.
    func describe(_ messageId: String) -> String {
        if let count = travelers[messageId] { return "manifest \(messageId) (\(count) travellers)" }
        if messageId.contains(":RA:") { return "risk assessment \(messageId)" }
        if messageId.contains(":ACK:") { return "acknowledgement \(messageId)" }
        if messageId.contains(":AST:") { return "assistance request \(messageId)" }
        if messageId.contains(":ASR:") { return "assistance response \(messageId)" }
        return "message \(messageId)"
    }
}
