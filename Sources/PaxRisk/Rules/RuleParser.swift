import PaxMessages
import Yams

/// Reads a rules file through Yams's node tree (which keeps line numbers) and checks every
/// rule, collecting all problems before refusing the file.
struct RuleParser {
    let file: String
    private var problems: [SourceProblem] = []

    init(file: String) { self.file = file }

    mutating func parse(_ text: String) throws(RuleLoadError) -> RuleSet {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw RuleLoadError(problems: [yamlProblem(error)])
        } catch {
            throw RuleLoadError(problems: [SourceProblem(file: file, line: 0, message: "\(error)")])
        }
        guard let root, case .mapping(let top) = root else {
            throw RuleLoadError(problems: [SourceProblem(file: file, line: root?.mark?.line ?? 1,
                message: "expected a mapping with 'rules' (and optionally 'thresholds', 'watchList')")])
        }
        var policy = ScreeningPolicy()
        var rules: [RiskRule] = []
        for (key, value) in top {
            switch key.string ?? "" {
            case "rules":
                rules = parseRules(value)
            case "thresholds":
                if case .mapping(let mapping) = value, let old = mapping.first(where: { $0.key.string == "noBoard" })?.key {
                    // Weights alone no longer deny boarding (ScreeningPolicy): say so rather than ignore it.
                    report(old, "thresholds: noBoard is no longer a setting: rule weights raise a traveller to inspect at most; "
                           + "give the rule 'outcome: noBoard', or list the person with action NoBoard")
                }
                for (name, number) in settings(value, allowed: ["inspect", "noBoard"]) where name == "inspect" {
                    policy.inspectScore = number
                }
            case "watchList":
                for (name, number) in settings(value, allowed: ["minimumMatchScore", "noBoardMatchScore"]) {
                    if name == "minimumMatchScore" { policy.minimumMatchScore = number } else { policy.noBoardMatchScore = number }
                }
            default:
                report(key, "unknown key '\(key.string ?? "?")' (expected rules, thresholds, watchList)")
            }
        }
        guard problems.isEmpty else { throw RuleLoadError(problems: problems.sorted { $0.line < $1.line }) }
        return RuleSet(rules: rules, policy: policy)
    }

    // MARK: Problems

    private mutating func report(_ node: Node, _ message: String) { report(node.mark, message) }

    private mutating func report(_ mark: Mark?, _ message: String) {
        problems.append(SourceProblem(file: file, line: mark?.line ?? 0, message: message))
    }

    private func yamlProblem(_ error: YamlError) -> SourceProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return SourceProblem(file: file, line: mark.line, message: "not valid YAML or JSON: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return SourceProblem(file: file, line: context.mark.line,
                                 message: "key \(duplicates.joined(separator: ", ")) appears twice in one mapping")
        default:
            return SourceProblem(file: file, line: 0, message: "not valid YAML or JSON: \(error)")
        }
    }

    // MARK: Settings

    private mutating func settings(_ node: Node, allowed: [String]) -> [(String, Double)] {
        guard case .mapping(let mapping) = node else {
            report(node, "expected a mapping of \(allowed.joined(separator: ", "))")
            return []
        }
        var result: [(String, Double)] = []
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard allowed.contains(name) else {
                report(key, "unknown setting '\(name)' (expected \(allowed.joined(separator: ", ")))")
                continue
            }
            if let number = unitNumber(value, what: name) { result.append((name, number)) }
        }
        return result
    }

    private mutating func unitNumber(_ node: Node, what: String) -> Double? {
        guard case .scalar(let scalar) = node, let number = Double(scalar.string), number.isFinite,
              (0...1).contains(number) else {
            report(node, "\(what) must be a number from 0 to 1, found '\(node.string ?? "a collection")'")
            return nil
        }
        return number
    }

    // MARK: Rules

    private mutating func parseRules(_ node: Node) -> [RiskRule] {
        guard case .sequence(let sequence) = node else {
            report(node, "rules must be a list of rules")
            return []
        }
        var rules: [RiskRule] = []
        var ids: [String: Int] = [:]
        for item in sequence {
            guard let rule = parseRule(item) else { continue }
            if let first = ids[rule.id] {
                report(item, "rule id '\(rule.id)' is already used by the rule on line \(first)")
                continue
            }
            ids[rule.id] = rule.line
            rules.append(rule)
        }
        return rules
    }

    private mutating func parseRule(_ node: Node) -> RiskRule? {
        guard case .mapping(let mapping) = node else {
            report(node, "a rule must be a mapping with id, weight and when")
            return nil
        }
        let line = node.mark?.line ?? 0
        var id: String?, description: String?, weight: Double?, outcome: TravelerAssessment.Outcome?
        var condition: RuleCondition?
        var valid = true
        for (key, value) in mapping {
            let name = key.string ?? ""
            switch name {
            case "id":
                guard let text = value.scalar?.string, Self.isRuleId(text) else {
                    report(value, "rule id must be 1-64 letters, digits and . _ : -, found '\(value.string ?? "a collection")'")
                    valid = false
                    continue
                }
                id = text
            case "description":
                guard let text = value.scalar?.string, !text.isEmpty, !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                    report(value, "description must be one line of text")
                    valid = false
                    continue
                }
                description = text
            case "weight":
                weight = unitNumber(value, what: "weight")
                if weight == nil { valid = false }
            case "outcome":
                let text = value.scalar?.string ?? ""
                outcome = TravelerAssessment.Outcome.allCases.first {
                    $0.rawValue.lowercased() == text.lowercased()
                }
                if outcome == nil {
                    report(value, "outcome must be cleared, inspect or noBoard, found '\(value.string ?? "a collection")'")
                    valid = false
                }
            case "when":
                condition = parseCondition(value)
                if condition == nil { valid = false }
            default:
                report(key, "unknown rule key '\(name)' (expected id, description, weight, outcome, when)")
                valid = false
            }
        }
        let label = id.map { "rule '\($0)'" } ?? "rule"
        if id == nil && !mapping.keys.contains(where: { $0.string == "id" }) { report(node, "rule has no id"); valid = false }
        if weight == nil && !mapping.keys.contains(where: { $0.string == "weight" }) { report(node, "\(label) has no weight"); valid = false }
        if condition == nil && !mapping.keys.contains(where: { $0.string == "when" }) { report(node, "\(label) has no 'when' condition"); valid = false }
        guard valid, let id, let weight, let condition else { return nil }
        return RiskRule(id: id, description: description ?? id, weight: weight, outcome: outcome,
                        condition: condition, line: line)
    }

    static func isRuleId(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b == UInt8(ascii: "-")
        }
    }

    // MARK: Conditions

    /// Conditions nest at most this deep (a hostile file cannot exhaust the stack).
    static let maximumDepth = 32

    private mutating func parseCondition(_ node: Node, depth: Int = 0) -> RuleCondition? {
        guard depth < Self.maximumDepth else {
            report(node, "conditions nest more than \(Self.maximumDepth) levels deep")
            return nil
        }
        guard case .mapping(let mapping) = node, !mapping.isEmpty else {
            report(node, "a condition must be a mapping: all, any, not, or a field with a value or operator")
            return nil
        }
        var parts: [RuleCondition] = []
        var valid = true
        for (key, value) in mapping {
            let name = key.string ?? ""
            let part: RuleCondition?
            switch name {
            case "all", "any":
                guard case .sequence(let items) = value, !items.isEmpty else {
                    report(value, "'\(name)' needs a non-empty list of conditions")
                    valid = false
                    continue
                }
                let conditions = items.map { parseCondition($0, depth: depth + 1) }
                part = conditions.contains(where: { $0 == nil }) ? nil
                    : name == "all" ? .all(conditions.compactMap { $0 }) : .any(conditions.compactMap { $0 })
            case "not":
                part = parseCondition(value, depth: depth + 1).map(RuleCondition.not)
            default:
                part = parseTest(field: name, key: key, value)
            }
            if let part { parts.append(part) } else { valid = false }
        }
        guard valid else { return nil }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    private mutating func parseTest(field name: String, key: Node, _ value: Node) -> RuleCondition? {
        guard let field = RuleField.byName[name] else {
            let suggestion = RuleField.all.map(\.name).max { JaroWinkler.similarity($0, name) < JaroWinkler.similarity($1, name) }
            if let suggestion, JaroWinkler.similarity(suggestion, name) >= 0.85 {
                report(key, "unknown field '\(name)' (did you mean \(suggestion)?)")
            } else {
                report(key, "unknown field '\(name)'; fields are \(RuleField.all.map(\.name).joined(separator: ", "))")
            }
            return nil
        }
        switch value {
        case .scalar(let scalar):
            guard field.type != .airports else {
                report(value, "\(name) is a list of airports: use includesAny or includesNone")
                return nil
            }
            return operand(scalar.string, at: value, field).map { .test(field: name, .equals($0)) }
        case .mapping(let mapping):
            guard mapping.count == 1, let (opKey, operandNode) = mapping.first else {
                report(value, "give \(name) exactly one operator (combine several with all)")
                return nil
            }
            return parseOperator(opKey.string ?? "", key: opKey, operandNode, field).map { .test(field: name, $0) }
        default:
            report(value, "\(name) needs a value or an operator mapping such as { in: [...] }")
            return nil
        }
    }

    private mutating func parseOperator(_ op: String, key: Node, _ node: Node, _ field: RuleField) -> RuleOperator? {
        let isInt = field.type == .int
        let isList = field.type == .airports
        switch op {
        case "equals", "notEquals":
            guard !isList else { report(key, "\(field.name) is a list of airports: use includesAny or includesNone"); return nil }
            guard let text = scalar(node, op), let value = operand(text, at: node, field) else { return nil }
            return op == "equals" ? .equals(value) : .notEquals(value)
        case "in", "notIn":
            guard !isList else { report(key, "\(field.name) is a list of airports: use includesAny or includesNone"); return nil }
            guard field.type != .bool else { report(key, "\(field.name) is true or false: use equals"); return nil }
            guard let values = operandList(node, op, field) else { return nil }
            return op == "in" ? .isIn(values) : .notIn(values)
        case "lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual":
            guard isInt else { report(key, "\(op) applies to numbers; \(field.name) is \(field.type.name)"); return nil }
            guard let text = scalar(node, op), let n = Int(text) else {
                report(node, "\(op) needs an integer, found '\(node.string ?? "a collection")'")
                return nil
            }
            switch op {
            case "lessThan": return .lessThan(n)
            case "lessThanOrEqual": return .lessThanOrEqual(n)
            case "greaterThan": return .greaterThan(n)
            default: return .greaterThanOrEqual(n)
            }
        case "between":
            guard isInt else { report(key, "between applies to numbers; \(field.name) is \(field.type.name)"); return nil }
            guard case .sequence(let items) = node, items.count == 2,
                  let low = items[0].scalar.flatMap({ Int($0.string) }), let high = items[1].scalar.flatMap({ Int($0.string) }) else {
                report(node, "between needs a list of two integers [low, high]")
                return nil
            }
            guard low <= high else { report(node, "between [\(low), \(high)]: low is above high"); return nil }
            return .between(low, high)
        case "includesAny", "includesNone":
            guard isList else { report(key, "\(op) applies to flight.route; use in or notIn for \(field.name)"); return nil }
            guard let values = operandList(node, op, field) else { return nil }
            return op == "includesAny" ? .includesAny(values) : .includesNone(values)
        case "present":
            guard let text = scalar(node, op), text == "true" || text == "false" else {
                report(node, "present needs true or false")
                return nil
            }
            return .present(text == "true")
        default:
            report(key, "unknown operator '\(op)' (expected \(RuleOperator.names.joined(separator: ", ")))")
            return nil
        }
    }

    private mutating func scalar(_ node: Node, _ op: String) -> String? {
        guard case .scalar(let scalar) = node else {
            report(node, "\(op) needs a single value, not a list or mapping")
            return nil
        }
        return scalar.string
    }

    private mutating func operand(_ text: String, at node: Node, _ field: RuleField) -> String? {
        guard field.type.accepts(text) else {
            report(node, "'\(text)' is not a valid value for \(field.name): expected \(field.type.operandForm)")
            return nil
        }
        return text
    }

    private mutating func operandList(_ node: Node, _ op: String, _ field: RuleField) -> [String]? {
        guard case .sequence(let items) = node, !items.isEmpty else {
            report(node, "\(op) needs a non-empty list of values")
            return nil
        }
        var values: [String] = []
        var valid = true
        for item in items {
            guard let text = item.scalar?.string, let value = operand(text, at: item, field) else {
                if item.scalar == nil { report(item, "\(op) items must be single values") }
                valid = false
                continue
            }
            values.append(value)
        }
        return valid ? values : nil
    }
}
