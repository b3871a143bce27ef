public import PaxMessages

/// The policy that turns hits and rules into a risk outcome.
///
/// Identity confidence and risk are separate questions. A watch-list match's score says how
/// sure we are that the traveller is the listed person; at or above `minimumMatchScore` it is
/// a hit, shown with that confidence. What a hit asks for is the entry's listed action:
/// - a hit on an `Inspect` entry gives at most `inspect`, however confident;
/// - a hit on a `NoBoard` entry gives `noBoard` only at or above `noBoardMatchScore`, and
///   `inspect` below it;
/// - a firing rule with its own `outcome` gives at least that outcome (so a rule can ask
///   for `noBoard`);
/// - the weights of the firing rules combine as independent evidence, `1 - Π(1 - wᵢ)`, into
///   the risk score, which raises `cleared` to `inspect` at or above `inspectScore` and never
///   gives `noBoard` by itself.
///
/// The outcome is the most any of these asks for (`cleared` < `inspect` < `noBoard`).
public struct ScreeningPolicy: Sendable, Hashable, Codable {
    /// Rules' combined weight at or above which a traveller is inspected.
    public var inspectScore: Double
    /// A watch-list match at or above this score is a hit: a reason and at least `inspect`.
    public var minimumMatchScore: Double
    /// A hit on a `NoBoard` entry at or above this score makes the outcome `noBoard`.
    public var noBoardMatchScore: Double

    public init(inspectScore: Double = 0.5, minimumMatchScore: Double = 0.5, noBoardMatchScore: Double = 0.9) {
        self.inspectScore = inspectScore
        self.minimumMatchScore = minimumMatchScore
        self.noBoardMatchScore = noBoardMatchScore
    }

    /// What the rules' combined weight alone asks for: `inspect` from `inspectScore`.
    public func outcome(forRuleScore score: Double) -> TravelerAssessment.Outcome {
        score >= inspectScore ? .inspect : .cleared
    }

    /// What a hit with `confidence` on an entry listing `action` asks for.
    public func outcome(forHitOn action: WatchListAction, confidence: Double) -> TravelerAssessment.Outcome {
        action == .noBoard && confidence >= noBoardMatchScore ? .noBoard : .inspect
    }

    /// The more severe of two outcomes (`cleared` < `inspect` < `noBoard`).
    public static func more(_ a: TravelerAssessment.Outcome, _ b: TravelerAssessment.Outcome) -> TravelerAssessment.Outcome {
        severity(a) >= severity(b) ? a : b
    }

    private static func severity(_ outcome: TravelerAssessment.Outcome) -> Int {
        switch outcome {
        case .cleared: 0
        case .inspect: 1
        case .noBoard: 2
        }
    }
}
