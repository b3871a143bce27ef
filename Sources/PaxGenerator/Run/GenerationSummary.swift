/// What a run wrote.
public struct GenerationSummary: Sendable, Hashable {
    /// Files written, relative to the output directory (or `-`), in order.
    public var files: [String] = []
    public var manifests = 0
    public var travelers = 0
    public var brokenDocuments = 0
    public var bytes = 0
    /// The watch list and ground-truth files, when written.
    public var watchListPath: String?
    public var truthPath: String?
    public var plantedSubjects = 0

    public init() {}
}
