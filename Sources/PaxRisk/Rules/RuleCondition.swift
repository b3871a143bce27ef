/// A condition over traveller, document and flight fields, as written in a rules file.
indirect enum RuleCondition: Sendable, Hashable {
    case all([RuleCondition])
    case any([RuleCondition])
    case not(RuleCondition)
    case test(field: String, RuleOperator)

    /// Whether the condition holds for `facts`.
    func holds(_ facts: RuleFacts) -> Bool {
        switch self {
        case .all(let conditions): conditions.allSatisfy { $0.holds(facts) }
        case .any(let conditions): conditions.contains { $0.holds(facts) }
        case .not(let condition): !condition.holds(facts)
        case .test(let field, let op):
            op.holds(for: RuleField.byName[field]?.read(facts) ?? .missing)
        }
    }

    /// The fields the condition reads, for the reasons shown to an analyst.
    var fields: [String] {
        switch self {
        case .all(let conditions), .any(let conditions): conditions.flatMap(\.fields)
        case .not(let condition): condition.fields
        case .test(let field, _): [field]
        }
    }
}
