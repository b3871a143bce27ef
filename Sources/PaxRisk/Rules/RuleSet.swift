import SafeXML

/// The rules and thresholds a screening runs with, read from a YAML or JSON file.
///
/// ```yaml
/// thresholds: { inspect: 0.5 }                        # optional: rules' combined weight that inspects
/// watchList: { minimumMatchScore: 0.5, noBoardMatchScore: 0.9 }   # optional
/// rules:
///   - id: DOC-EXPIRES
///     description: Document expires before arrival
///     weight: 0.6
///     outcome: inspect                                 # optional: cleared, inspect, noBoard
///     when: { document.expiresBeforeArrival: true }
///   - id: ROUTE-WATCH
///     weight: 0.3
///     when:
///       all:
///         - flight.route: { includesAny: [BOG, CCS] }
///         - traveler.nationality: { notIn: [USA, CAN] }
///         - not: { traveler.isCrew: true }
/// ```
///
/// A condition is a mapping: `all`/`any` (a list of conditions), `not` (a condition), or a
/// field name with a value (equality) or one operator (`equals`, `notEquals`, `in`, `notIn`,
/// `lessThan`, `lessThanOrEqual`, `greaterThan`, `greaterThanOrEqual`, `between: [low, high]`,
/// `includesAny`, `includesNone` for routes, `present: true|false` for missing data). Several
/// keys in one mapping must all hold. Fields: see `RuleSet.fieldHelp`.
///
/// Every rule is checked when the file loads: unknown fields or operators, operands of the
/// wrong type or outside a code list, weights outside 0...1, duplicate ids. Any problem refuses
/// the whole file, with each problem's line.
public struct RuleSet: Sendable {
    public var rules: [RiskRule]
    public var policy: ScreeningPolicy

    public init(rules: [RiskRule] = [], policy: ScreeningPolicy = ScreeningPolicy()) {
        self.rules = rules
        self.policy = policy
    }

    /// No rules, default thresholds: screening against the watch list alone.
    public static let watchListOnly = RuleSet()

    /// Reads and checks the rules file at `path`.
    public static func load(path: String) throws(RuleLoadError) -> RuleSet {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path, limit: 16 << 20)
        } catch {
            throw RuleLoadError(problems: [SourceProblem(file: path, line: 0, message: error.description)])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw RuleLoadError(problems: [SourceProblem(file: path, line: 0, message: "the file is not UTF-8 text")])
        }
        return try parse(text, file: path)
    }

    /// Parses and checks rules given as YAML or JSON text; `file` names it in problems.
    public static func parse(_ text: String, file: String) throws(RuleLoadError) -> RuleSet {
        var parser = RuleParser(file: file)
        return try parser.parse(text)
    }

    /// One line per field rules can use: name, type, meaning.
    public static var fieldHelp: [String] {
        RuleField.all.map { "\($0.name) (\($0.type.name)): \($0.summary)" }
    }
}
