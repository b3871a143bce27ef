public import PaxMessages

/// The screening result for one traveller: score, outcome and every reason behind them.
public struct TravelerRisk: Sendable, Hashable, Codable {
    public var travelerReference: String
    public var surname: String
    public var givenNames: String?
    /// Combined risk, 0...1 (see `ScreeningPolicy`).
    public var score: Double
    public var outcome: TravelerAssessment.Outcome
    /// Watch-list hits, best first.
    public var watchListHits: [WatchListHit]
    /// Rules that fired, in rules-file order.
    public var ruleHits: [RuleHit]

    public init(travelerReference: String, surname: String, givenNames: String?, score: Double,
                outcome: TravelerAssessment.Outcome, watchListHits: [WatchListHit], ruleHits: [RuleHit]) {
        self.travelerReference = travelerReference
        self.surname = surname
        self.givenNames = givenNames
        self.score = score
        self.outcome = outcome
        self.watchListHits = watchListHits
        self.ruleHits = ruleHits
    }

    /// The reasons as message elements: watch-list hits first, then rules.
    public var reasons: [AssessmentReason] {
        watchListHits.map { hit in
            AssessmentReason(kind: .watchList, sourceId: hit.match.entryId, matchScore: UnitScore(clamping: hit.match.score),
                             matchedFields: hit.match.matchedFields, text: ReasonText.watchList(hit))
        } + ruleHits.map { hit in
            AssessmentReason(kind: .rule, sourceId: hit.ruleId, matchedFields: hit.fields,
                             text: ReasonText.rule(hit))
        }
    }

    /// The traveller's line in a `RiskAssessment` message.
    public var assessment: TravelerAssessment {
        TravelerAssessment(travelerReference: travelerReference, outcome: outcome, score: UnitScore(clamping: score),
                           reasons: reasons)
    }
}
