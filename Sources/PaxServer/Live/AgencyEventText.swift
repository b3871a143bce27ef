import PaxExchange

/// One line per live agency event, for logs.
public enum AgencyEventText {
    public static func describe(_ event: LiveAgencyEvent) -> String {
        switch event {
        case .sent(let peer, let messageId, let kind):
            switch kind {
            case .request(let attempt): "sent \(messageId) to \(peer) (attempt \(attempt))"
            case .reply(let request): "answered \(request) from \(peer) with \(messageId)"
            case .repeatedReply(let request): "answered duplicate \(request) from \(peer) with the stored reply"
            }
        case .processed(let sender, let messageId, let outcome): "processed \(messageId) from \(sender): \(outcome.rawValue)"
        case .manifest(let record): "manifest \(record.messageId): \(record.state.rawValue)"
        case .refused(let rejection):
            "refused \(rejection.claimedMessageId ?? "a message"): \(rejection.reason.rawValue): \(rejection.detail)"
        case .duplicate(let messageId): "duplicate \(messageId) suppressed"
        case .alert(let alert): "ALERT \(alert.kind.rawValue) \(alert.messageId): \(alert.detail)"
        case .deliveryFailed(let peer, let messageId, let detail): "delivery of \(messageId) to \(peer) failed: \(detail)"
        }
    }
}
