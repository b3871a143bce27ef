public import PaxMessages

/// The thresholds that turn scores into outcomes.
///
/// - A traveller's risk score combines rule weights and watch-list match scores as independent
///   evidence: `1 - Π(1 - wᵢ)`.
/// - Outcome: `noBoard` at or above `noBoardScore`, `inspect` at or above `inspectScore`,
///   otherwise `cleared`; raised to a firing rule's own `outcome`, and to the action of every
///   watch-list entry matched at or above `minimumMatchScore` (a `NoBoard` entry gives
///   `noBoard` only from `noBoardMatchScore`, `inspect` below it).
public struct ScreeningPolicy: Sendable, Hashable, Codable {
    public var inspectScore: Double
    public var noBoardScore: Double
    /// A watch-list match at or above this score is a hit: a reason and at least `inspect`.
    public var minimumMatchScore: Double
    /// A hit on a `NoBoard` entry at or above this score makes the outcome `noBoard`.
    public var noBoardMatchScore: Double

    public init(inspectScore: Double = 0.5, noBoardScore: Double = 0.9, minimumMatchScore: Double = 0.5,
                noBoardMatchScore: Double = 0.9) {
        self.inspectScore = inspectScore
        self.noBoardScore = noBoardScore
        self.minimumMatchScore = minimumMatchScore
        self.noBoardMatchScore = noBoardMatchScore
    }

    /// The outcome for a combined score alone.
    public func outcome(forScore score: Double) -> TravelerAssessment.Outcome {
        score >= noBoardScore ? .noBoard : score >= inspectScore ? .inspect : .cleared
    }
}
