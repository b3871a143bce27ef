/// What the demo exchanged and whether it all worked.
public struct DemoSummary: Sendable {
    public struct Agency: Sendable {
        public var id: String
        /// Manifests this agency sent, and how many came back assessed.
        public var submitted: Int
        public var assessed: Int
        /// Manifests it received from its peer and screened.
        public var received: Int
        /// Travellers of its own manifests by the peer's outcome (`Cleared`, `Inspect`, `NoBoard`).
        public var outcomes: [String: Int]
        /// The audit chain check, as `paxsim audit verify` words it.
        public var audit: String
        public var auditIntact: Bool
    }

    public var agencies: [Agency] = []
    /// Planted watch-list subjects, and how many came back `inspect` or `no-board`.
    public var plants = 0
    public var plantsFlagged = 0
    /// Assistance queries: asker, request id, final state of the request.
    public var queries: [(asker: String, messageId: String, state: String)] = []
    /// A forged message (a peer's name, another key) was refused.
    public var forgeryRefused = false
    /// The airline's PAXLST through the carrier API and the CUSRES it got (nil over TLS).
    var carrier: DemoCarrier.Outcome?

    /// True when every manifest was assessed, every planted subject flagged (in the carrier's
    /// CUSRES too), every query answered, the forgery refused and every audit chain intact.
    public var succeeded: Bool {
        (carrier?.succeeded ?? true) && forgeryRefused && agencies.allSatisfy { $0.submitted == $0.assessed && $0.auditIntact }
            && plantsFlagged == plants && queries.allSatisfy { $0.state == "answered" }
    }

    /// The summary as a table, for a terminal.
    public var text: String {
        var lines = ["", "Summary"]
        lines.append("  agency     sent  assessed  received  outcomes of its travellers")
        for agency in agencies {
            let outcomes = agency.outcomes.keys.sorted().map { "\(agency.outcomes[$0] ?? 0) \($0)" }.joined(separator: ", ")
            lines.append("  " + pad(agency.id, 9) + "  " + pad(String(agency.submitted), 4) + "  " + pad(String(agency.assessed), 8)
                         + "  " + pad(String(agency.received), 8) + "  " + outcomes)
        }
        lines.append("  planted watch-list subjects flagged: \(plantsFlagged) of \(plants)")
        if let carrier {
            lines.append("  carrier \(carrier.carrier) PAXLST \(carrier.flight): CONTRL \(carrier.contrl == .acknowledged ? "acknowledged" : "NOT acknowledged"), "
                         + (carrier.decisions.isEmpty ? "no CUSRES" : "CUSRES " + DemoCarrier.tally(carrier.decisions))
                         + ", planted subjects flagged \(carrier.plantedFlagged) of \(carrier.planted)")
        }
        lines.append("  forged message refused: \(forgeryRefused ? "yes" : "NO")")
        for query in queries { lines.append("  assistance query \(query.messageId) from \(query.asker): \(query.state)") }
        for agency in agencies { lines.append("  \(agency.id) \(agency.audit)") }
        lines.append(succeeded ? "demo: OK" : "demo: FAILED")
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
