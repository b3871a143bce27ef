public import PaxExchange

/// Counts of one run, from the driver's and observer's records (not the agencies' own).
public struct RunSummary: Sendable, Hashable {
    public var exchangedFlights = 0
    public var localFlights = 0
    public var travelers = 0
    public var plantedSubjects = 0
    public var queries = 0
    /// First sends of requests (manifests, assessments, assistance requests).
    public var requests = 0
    public var retries = 0
    public var replies = 0
    /// Stored replies resent to duplicates.
    public var repeatedReplies = 0
    public var duplicatesSuppressed = 0
    public var delivered = 0
    public var dropped = 0
    public var duplicated = 0
    public var delayed = 0
    public var corrupted = 0
    public var partitionDropped = 0
    public var lostWhileDown = 0
    public var forgedInjected = 0
    /// Attacks by the byzantine peer, and frames the agencies sent it.
    public var byzantineAttacks = 0
    public var toByzantine = 0
    public var crashes = 0
    /// Frames that waited for a delivery slot (their peer had the most in flight), resends
    /// not made because the message's delivery was still under way, and the most deliveries
    /// one agency had in flight to one peer.
    public var waitedForSlot = 0
    public var skippedInFlight = 0
    public var peakInFlight = 0
    /// Instances of the receiving agency; on a shared store: commits refused by the unique
    /// inbox key (another instance was first), outgoing messages claimed by polls, and claims of
    /// messages whose expired lease another instance held.
    public var instances = 1
    public var conflicts = 0
    public var claims = 0
    public var takeovers = 0
    /// Audit records of the shared store, per instance (1-based), in the one chain.
    public var auditByInstance: [Int] = []
    public var rejections: [RejectionReason: Int] = [:]
    public var outcomes: [ManifestState: Int] = [:]
    public var alerts: [String: Int] = [:]
    public var assistanceAnswered = 0
    public var events = 0
    public var virtualSeconds = 0.0
    public var wallSeconds = 0.0

    public init() {}

    public var eventsPerSecond: Double { wallSeconds > 0 ? Double(events) / wallSeconds : 0 }

    /// A plain-text table.
    public var table: String {
        var rows: [(String, String)] = [
            ("flights exchanged / local", "\(exchangedFlights) / \(localFlights)"),
            ("travellers", "\(travelers)"),
            ("planted subjects", "\(plantedSubjects)"),
            ("assistance queries (answered)", "\(queries) (\(assistanceAnswered))"),
            ("requests sent (first attempts)", "\(requests)"),
            ("retries", "\(retries)"),
            ("replies / repeated replies", "\(replies) / \(repeatedReplies)"),
            ("duplicates suppressed", "\(duplicatesSuppressed)"),
            ("network: delivered", "\(delivered)"),
            ("network: dropped / partitioned", "\(dropped) / \(partitionDropped)"),
            ("network: duplicated / delayed", "\(duplicated) / \(delayed)"),
            ("network: corrupted / forged", "\(corrupted) / \(forgedInjected)"),
            ("crashes (lost while down)", "\(crashes) (\(lostWhileDown))"),
            ("deliveries: waited / resends skipped / peak in flight", "\(waitedForSlot) / \(skippedInFlight) / \(peakInFlight)"),
        ]
        if instances > 1 {
            rows.append(("instances: receiver / inbox conflicts", "\(instances) / \(conflicts)"))
            rows.append(("outbox: claimed / leases taken over", "\(claims) / \(takeovers)"))
            let perInstance = auditByInstance.enumerated().map { "#\($0.offset + 1) \($0.element)" }.joined(separator: ", ")
            rows.append(("audit chain: records (by instance)", "\(auditByInstance.reduce(0, +)) (\(perInstance))"))
        }
        if byzantineAttacks > 0 {
            rows.append(("byzantine peer: attacks / frames to it", "\(byzantineAttacks) / \(toByzantine)"))
        }
        for reason in rejections.keys.sorted() {
            rows.append(("rejected: " + reason.rawValue, String(rejections[reason] ?? 0)))
        }
        for state in ManifestState.allCases where outcomes[state] != nil {
            rows.append(("manifests " + state.rawValue, String(outcomes[state] ?? 0)))
        }
        for kind in alerts.keys.sorted() { rows.append(("alerts: " + kind, String(alerts[kind] ?? 0))) }
        rows.append(("events", "\(events) in \(Self.fixed(virtualSeconds, 1)) s virtual"))
        rows.append(("wall time", Self.fixed(wallSeconds, 3) + " s (" + String(Int(eventsPerSecond.rounded())) + " events/s)"))
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 }.joined(separator: "\n")
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale), fraction = abs(scaled % Int(scale))
        let text = String(fraction)
        return String(whole) + (digits > 0 ? "." + String(repeating: "0", count: digits - text.count) + text : "")
    }
}

/// One invariant's verdict.
public struct InvariantResult: Sendable, Hashable {
    public var name: String
    public var holds: Bool
    /// What was checked, or the first violation.
    public var detail: String
}
