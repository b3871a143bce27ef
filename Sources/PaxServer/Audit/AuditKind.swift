/// What an audit record is about. Open set (a raw string) so later layers can add kinds; the
/// ones PaxSim writes are listed here.
public struct AuditKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A message received from a peer (accepted or not).
    public static let messageIn = AuditKind(rawValue: "message-in")
    /// A message sent (or queued for sending) to a peer.
    public static let messageOut = AuditKind(rawValue: "message-out")
    /// Someone read stored traveller data: who, which message and travellers, why.
    public static let travellerDataAccess = AuditKind(rawValue: "traveller-data-access")
    /// A retention run masked traveller names and contact details older than the period.
    public static let retentionMask = AuditKind(rawValue: "retention-mask")
    /// A request refused before it reached the agency (authorisation, signature, limits).
    public static let accessDenied = AuditKind(rawValue: "access-denied")
    /// A peer reported an audit head that contradicts one it reported before (same sequence,
    /// another hash): its log was rewritten in between.
    public static let peerAuditConflict = AuditKind(rawValue: "peer-audit-conflict")

    /// A carrier's PAXLST interchange received on the carrier API (who, which reference).
    public static let carrierReceipt = AuditKind(rawValue: "carrier-paxlst-in")
    /// The CONTRL answered to a carrier's interchange (acknowledged or rejected).
    public static let contrlSent = AuditKind(rawValue: "contrl-out")
    /// A CUSRES made for a carrier, pushed to its callback or fetched by it.
    public static let cusresSent = AuditKind(rawValue: "cusres-out")

    public var description: String { rawValue }
}
