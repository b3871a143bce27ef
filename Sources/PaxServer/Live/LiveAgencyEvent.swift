public import PaxExchange

/// What a live agency did, for a timeline (the demo) or logs: reported after the change is
/// committed.
public enum LiveAgencyEvent: Sendable {
    /// A request or reply went to `peer` (attempt 1 is the first send of a request).
    case sent(peer: String, messageId: String, kind: SendKind)
    /// An authenticated message was processed; `outcome` as in the inbox.
    case processed(sender: String, messageId: String, outcome: InboxOutcome)
    /// A manifest held by this agency changed state.
    case manifest(ManifestRecord)
    /// Incoming bytes were refused.
    case refused(Rejection)
    /// A duplicate was answered with the stored reply.
    case duplicate(messageId: String)
    case alert(AgencyAlert)
    /// A delivery attempt got no answer, or a refusal.
    case deliveryFailed(peer: String, messageId: String, detail: String)
}
