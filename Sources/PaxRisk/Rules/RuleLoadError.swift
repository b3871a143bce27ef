/// A rules file that was refused: every problem found, each with file, line and why.
public struct RuleLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [SourceProblem]

    public init(problems: [SourceProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
