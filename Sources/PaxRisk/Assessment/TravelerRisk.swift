public import PaxMessages

/// The screening result for one traveller: how sure we are that they are a listed person
/// (identity confidence, per hit) apart from what that asks for (the risk outcome), with the
/// rules' risk score and every reason. The policy joining them is `ScreeningPolicy`'s.
public struct TravelerRisk: Sendable, Hashable, Codable {
    public var travelerReference: String
    public var surname: String
    public var givenNames: String?
    /// Risk score of the rules that fired, `1 - Π(1 - weight)`, 0...1; watch-list hits do not
    /// add to it (their confidence is identity, not risk).
    public var score: Double
    /// The best hit's identity confidence (its match score), nil without a hit.
    public var identityConfidence: Double?
    /// The risk outcome: the most any hit or rule requests (see `ScreeningPolicy`).
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
        identityConfidence = watchListHits.map(\.match.score).max()
        self.outcome = outcome
        self.watchListHits = watchListHits
        self.ruleHits = ruleHits
    }

    /// The reasons as message elements: watch-list hits first, then rules.
    public var reasons: [AssessmentReason] {
        watchListHits.map { hit in
            AssessmentReason(kind: .watchList, sourceId: hit.match.entryId, matchScore: UnitScore(clamping: hit.match.score),
                             matchedFields: hit.match.matchedFields, listedAction: hit.action,
                             requestedOutcome: hit.requestedOutcome, text: ReasonText.watchList(hit))
        } + ruleHits.map { hit in
            AssessmentReason(kind: .rule, sourceId: hit.ruleId, matchedFields: hit.fields, requestedOutcome: hit.outcome,
                             text: ReasonText.rule(hit))
        }
    }

    /// The traveller's line in a `RiskAssessment` message.
    public var assessment: TravelerAssessment {
        TravelerAssessment(travelerReference: travelerReference, outcome: outcome, score: UnitScore(clamping: score),
                           identityConfidence: identityConfidence.map { UnitScore(clamping: $0) }, reasons: reasons)
    }
}
