/// One rule hit or watch-list hit behind an assessment outcome, as shown to an analyst.
public struct AssessmentReason: Sendable, Hashable, Codable {
    /// What produced the reason.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A weighted targeting rule matched the traveller data.
        case rule = "Rule"
        /// The traveller matched a watch-list entry, fully or partially.
        case watchList = "WatchList"
    }

    public var kind: Kind
    /// The rule or watch-list entry id.
    public var sourceId: String
    /// A watch-list hit's identity confidence: the probability that the traveller is the
    /// listed person.
    public var matchScore: UnitScore?
    /// Traveller fields that matched (`Surname`, `DateOfBirth`, ...). Nil writes no element;
    /// an empty list writes an empty one (the schema's list type allows it).
    public var matchedFields: [String]?
    /// A watch-list hit's entry action as listed (schema 1.1; nil in older documents).
    public var listedAction: WatchListAction?
    /// The least outcome this reason asks for by itself (schema 1.1): a watch-list hit its
    /// listed action, `inspect` when a `noBoard` entry matched below the no-board match score;
    /// a rule its own outcome, nil when it only adds weight.
    public var requestedOutcome: TravelerAssessment.Outcome?
    public var text: String

    public init(kind: Kind, sourceId: String, matchScore: UnitScore? = nil, matchedFields: [String]? = nil,
                listedAction: WatchListAction? = nil, requestedOutcome: TravelerAssessment.Outcome? = nil, text: String) {
        self.kind = kind
        self.sourceId = sourceId
        self.matchScore = matchScore
        self.matchedFields = matchedFields
        self.listedAction = listedAction
        self.requestedOutcome = requestedOutcome
        self.text = text
    }
}
