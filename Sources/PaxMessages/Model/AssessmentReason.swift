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
    /// Similarity to the watch-list entry (fuzzy matches).
    public var matchScore: UnitScore?
    /// Traveller fields that matched (`Surname`, `DateOfBirth`, ...). Nil writes no element;
    /// an empty list writes an empty one (the schema's list type allows it).
    public var matchedFields: [String]?
    public var text: String

    public init(kind: Kind, sourceId: String, matchScore: UnitScore? = nil, matchedFields: [String]? = nil, text: String) {
        self.kind = kind
        self.sourceId = sourceId
        self.matchScore = matchScore
        self.matchedFields = matchedFields
        self.text = text
    }
}
