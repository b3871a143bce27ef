/// How a live agency puts a signed frame in front of a peer and gets the peer's immediate
/// answer. The agency core never waits on it: an unanswered request is retried by its timer.
public protocol PeerTransport: Sendable {
    /// Delivers `frame` to `peer`; returns the peer's answer.
    func deliver(_ frame: [UInt8], to peer: String) async -> DeliveryResult
    /// Releases connections (called once, at shutdown).
    func shutdown() async
}

/// What came back from one delivery attempt.
public enum DeliveryResult: Sendable, Equatable {
    /// The peer answered with a signed message (a frame to feed back into the agency).
    case reply([UInt8])
    /// The peer took the message and had nothing to answer (202).
    case accepted
    /// The peer refused it: HTTP status and its reason code (e.g. `bad-signature`).
    case refused(status: Int, code: String)
    /// No answer: connection refused, timeout, or an unreadable response. Retried later.
    case failed(String)
}
