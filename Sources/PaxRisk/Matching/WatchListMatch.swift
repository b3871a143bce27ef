/// One watch-list entry a traveller resembles: which entry, how strongly, which fields agreed
/// and the features behind the score.
public struct WatchListMatch: Sendable, Hashable, Codable {
    /// The entry's id.
    public var entryId: String
    /// The entry's position in the watch list.
    public var entryIndex: Int
    /// Calibrated probability that traveller and entry are the same person, 0...1.
    public var score: Double
    /// Traveller fields that agreed, in the vocabulary of `AssessmentReason.matchedFields`:
    /// `Surname`, `GivenNames`, `DateOfBirth`, `Nationality`, `DocumentNumber`.
    public var matchedFields: [String]
    public var features: MatchFeatures

    public init(entryId: String, entryIndex: Int, score: Double, matchedFields: [String], features: MatchFeatures) {
        self.entryId = entryId
        self.entryIndex = entryIndex
        self.score = score
        self.matchedFields = matchedFields
        self.features = features
    }
}
