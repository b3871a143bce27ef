/// A test on one field's value. A missing value fails every test except `present: false`
/// (and `notEquals`/`notIn`/`includesNone`, which hold for it: the value is not any of those).
enum RuleOperator: Sendable, Hashable {
    case equals(String)
    case notEquals(String)
    case isIn([String])
    case notIn([String])
    case lessThan(Int)
    case lessThanOrEqual(Int)
    case greaterThan(Int)
    case greaterThanOrEqual(Int)
    case between(Int, Int)
    case includesAny([String])
    case includesNone([String])
    case present(Bool)

    /// The operator names as written in rules files, with the field types they apply to.
    static let names = ["equals", "notEquals", "in", "notIn", "lessThan", "lessThanOrEqual", "greaterThan",
                        "greaterThanOrEqual", "between", "includesAny", "includesNone", "present"]

    func holds(for value: RuleValue) -> Bool {
        switch (self, value) {
        case (.present(let wanted), _):
            if case .missing = value { return !wanted }
            return wanted
        case (.equals(let operand), _): return Self.text(value) == operand
        case (.notEquals(let operand), _): return Self.text(value) != operand
        case (.isIn(let operands), _): return Self.text(value).map(operands.contains) ?? false
        case (.notIn(let operands), _): return !(Self.text(value).map(operands.contains) ?? false)
        case (.lessThan(let n), .int(let v)): return v < n
        case (.lessThanOrEqual(let n), .int(let v)): return v <= n
        case (.greaterThan(let n), .int(let v)): return v > n
        case (.greaterThanOrEqual(let n), .int(let v)): return v >= n
        case (.between(let low, let high), .int(let v)): return low <= v && v <= high
        case (.includesAny(let operands), .list(let items)): return items.contains(where: operands.contains)
        case (.includesNone(let operands), .list(let items)): return !items.contains(where: operands.contains)
        case (.includesNone, .missing): return true
        default: return false
        }
    }

    /// The value as operand text: `true`/`false`, decimal integers, text as is.
    private static func text(_ value: RuleValue) -> String? {
        switch value {
        case .bool(let b): b ? "true" : "false"
        case .int(let n): String(n)
        case .text(let s): s
        case .list, .missing: nil
        }
    }
}
