public import PaxMessages

/// One targeting rule: when its condition holds for a traveller, it adds its weight to the
/// traveller's risk score and may set a minimum outcome.
public struct RiskRule: Sendable, Hashable {
    /// Unique id, quoted as the reason's source.
    public let id: String
    /// What the rule means, shown to the analyst.
    public let description: String
    /// Contribution to the risk score, 0...1 (combined with others as independent evidence).
    public let weight: Double
    /// The least outcome a traveller gets when the rule fires (nil: decided by the score).
    public let outcome: TravelerAssessment.Outcome?
    let condition: RuleCondition
    /// The 1-based line where the rule starts in its file.
    public let line: Int

    /// Whether the rule fires for `facts`.
    public func fires(for facts: RuleFacts) -> Bool { condition.holds(facts) }

    /// The distinct fields the rule's condition reads, in order of appearance.
    public var fields: [String] {
        var seen: Set<String> = []
        return condition.fields.filter { seen.insert($0).inserted }
    }
}
