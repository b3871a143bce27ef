/// Input files (a watch list, manifests, ground truth) that could not be loaded: every
/// problem found, each with file and line.
public struct SourceLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [SourceProblem]

    public init(problems: [SourceProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
