public import PaxMessages

/// A rule that fired for a traveller.
public struct RuleHit: Sendable, Hashable, Codable {
    public var ruleId: String
    public var description: String
    public var weight: Double
    /// The rule's own least outcome, nil when it only adds weight.
    public var outcome: TravelerAssessment.Outcome?
    /// The rule's fields, as manifest element names (`Nationality`, `ExpiryDate`, ...).
    public var fields: [String]

    public init(ruleId: String, description: String, weight: Double, outcome: TravelerAssessment.Outcome? = nil,
                fields: [String]) {
        self.ruleId = ruleId
        self.description = description
        self.weight = weight
        self.outcome = outcome
        self.fields = fields
    }
}
