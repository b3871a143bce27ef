public import PaxBase
public import PaxMessages

/// The receiving agency's screening: every traveller of a manifest against the watch list and
/// the rules, giving each hit's identity confidence, the rules' risk score, a risk outcome
/// (`ScreeningPolicy`) and the reasons; and the `RiskAssessment` message.
///
/// Immutable and shareable; batches run on several cores and results keep input order.
public final class RiskEngine: Sendable {
    public let screener: WatchListScreener?
    public let rules: RuleSet

    public init(screener: WatchListScreener?, rules: RuleSet = .watchListOnly) {
        self.screener = screener
        self.rules = rules
    }

    /// Assesses one traveller of a flight.
    public func assess(_ traveler: Traveler, flight: Flight) -> TravelerRisk {
        var scratch = WatchListScreener.Scratch()
        return assess(traveler, flight: flight, scratch: &scratch)
    }

    /// Assesses every traveller of every manifest, spread over `workers` threads; one array of
    /// results per manifest, travellers in manifest order.
    public func assess(_ manifests: [TravelerManifest], workers: Int = ParallelWork.defaultWorkers) -> [[TravelerRisk]] {
        assessCounting(manifests, workers: workers).risks
    }

    /// `assess(_:workers:)`, also counting the screening work (candidates, comparisons).
    public func assessCounting(_ manifests: [TravelerManifest], workers: Int = ParallelWork.defaultWorkers)
        -> (risks: [[TravelerRisk]], counts: ScreeningCounts) {
        // Work items are (manifest, traveller) positions, so travellers are read in place.
        var jobs: [UInt64] = []
        for (m, manifest) in manifests.enumerated() {
            for t in manifest.travelers.indices { jobs.append(UInt64(m) << 32 | UInt64(t)) }
        }
        let (flat, states) = ParallelWork.mapKeepingStates(jobs, workers: workers, makeState: { WatchListScreener.Scratch() }) { job, scratch in
            let manifest = Int(job >> 32), traveler = Int(job & 0xFFFF_FFFF)
            // Borrowed through the buffer: passing `travelers[traveler]` itself copies the
            // traveller (a retain and release of each of its strings and arrays).
            return manifests[manifest].travelers.withUnsafeBufferPointer { travelers in
                self.assess(travelers[traveler], flight: manifests[manifest].flight, scratch: &scratch)
            }
        }
        var result: [[TravelerRisk]] = []
        result.reserveCapacity(manifests.count)
        var offset = 0
        for manifest in manifests {
            result.append(Array(flat[offset..<(offset + manifest.travelers.count)]))
            offset += manifest.travelers.count
        }
        return (result, states.reduce(ScreeningCounts()) { $0 + $1.counts })
    }

    /// One traveller under `ScreeningPolicy`: each hit asks for its listed action (a `NoBoard`
    /// entry only from `noBoardMatchScore`), each firing rule for its own outcome, and the
    /// rules' combined weight for `inspect` from `inspectScore`; the outcome is the most asked.
    func assess(_ traveler: Traveler, flight: Flight, scratch: inout WatchListScreener.Scratch) -> TravelerRisk {
        let policy = rules.policy
        var outcome = TravelerAssessment.Outcome.cleared
        var hits: [WatchListHit] = []
        if let screener {
            let matches = screener.matches(for: TravelerProbe(traveler), minimumScore: policy.minimumMatchScore, scratch: &scratch)
            hits = matches.map { match in
                let entry = screener.watchList.entries[match.entryIndex]
                let name = entry.names[match.features.nameIndex]
                let requested = policy.outcome(forHitOn: entry.action, confidence: match.score)
                outcome = ScreeningPolicy.more(outcome, requested)
                return WatchListHit(match: match, category: entry.category, action: entry.action, requestedOutcome: requested,
                                    listedName: name.surname + (name.givenNames.map { ", " + $0 } ?? ""))
            }
        }
        var ruleHits: [RuleHit] = []
        var clear = 1.0
        if !rules.rules.isEmpty {
            let facts = RuleFacts(traveler: traveler, flight: flight)
            for rule in rules.rules where rule.fires(for: facts) {
                var fields: [String] = []
                for field in rule.fields.compactMap({ RuleField.byName[$0]?.messageField }) where !fields.contains(field) {
                    fields.append(field)
                }
                ruleHits.append(RuleHit(ruleId: rule.id, description: rule.description, weight: rule.weight,
                                        outcome: rule.outcome, fields: fields))
                clear *= 1 - rule.weight
                if let least = rule.outcome { outcome = ScreeningPolicy.more(outcome, least) }
            }
        }
        let score = 1 - clear
        outcome = ScreeningPolicy.more(outcome, policy.outcome(forRuleScore: score))
        return TravelerRisk(travelerReference: traveler.reference, surname: traveler.surname, givenNames: traveler.givenNames,
                            score: score, outcome: outcome, watchListHits: hits, ruleHits: ruleHits)
    }

    /// The `RiskAssessment` answering `manifest`: sent back from its receiver to its sender,
    /// correlated with the manifest, one assessment per traveller in manifest order; its id is
    /// in the receiver's namespace (`AssessmentId`) unless `messageId` is given.
    public func riskAssessment(for manifest: TravelerManifest, risks: [TravelerRisk], assessedAt: Timestamp,
                               messageId: String? = nil) -> RiskAssessment {
        let header = MessageHeader(messageId: messageId ?? AssessmentId.of(assessor: manifest.header.receiver, answering: manifest.header.messageId),
                                   correlationId: manifest.header.messageId, sender: manifest.header.receiver,
                                   receiver: manifest.header.sender, createdAt: assessedAt)
        return RiskAssessment(header: header, manifestMessageId: manifest.header.messageId, assessedAt: assessedAt,
                              assessments: risks.map(\.assessment))
    }

}
