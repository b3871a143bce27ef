/// A watch list that could not be loaded: every problem found, each with file and line.
public struct WatchListLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [SourceProblem]

    public init(problems: [SourceProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
