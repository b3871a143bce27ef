public import PaxMessages

/// What happens to an agency: the only inputs of its state machine.
public enum AgencyEvent: Sendable {
    /// Send this manifest to its receiver (the manifest header names it).
    case submit(TravelerManifest)
    /// Hold a departure to a third country for assistance searches; nothing is sent.
    case recordLocal(TravelerManifest)
    /// Ask `peer` about a traveller. `requestId`, when given, is the request's id (the
    /// operator's own, in this agency's namespace), so that a retried request is recognised
    /// by its id after a restart; otherwise the agency makes one.
    case ask(AssistanceQuery, peer: String, requestId: String? = nil)
    /// Bytes arrived from the network, with the payload checks the driver did ahead of time
    /// off the serial path (nil: the agency checks the payload itself).
    case received([UInt8], precheck: PayloadPrecheck? = nil)
    /// A message the driver authenticated already (signature and digest, see
    /// `AuthenticatedMessage`), with its payload checks as for `received`. Handled as
    /// `received` with the same refusals; only the signature and digest are not checked again.
    case authenticated(AuthenticatedMessage, precheck: PayloadPrecheck? = nil)
    /// A timer set by an earlier `AgencyEffect.setTimer` fired.
    case timerFired(AgencyTimer)
    /// The agency came back after a crash; it was rebuilt from its store and re-arms timers.
    case restarted
}

/// A timer an agency asks for.
public enum AgencyTimer: Sendable, Hashable {
    /// Resend (or give up on) an unanswered outgoing message.
    case retry(messageId: String)
    /// A delivered manifest's assessment is due.
    case assessmentDeadline(manifestId: String)
}
