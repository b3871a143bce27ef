public import PaxMessages

/// A watch-list match at or above the hit threshold, with what the entry says and what the
/// hit therefore asks for.
public struct WatchListHit: Sendable, Hashable, Codable {
    /// The match; its `score` is the identity confidence (how sure we are that the traveller
    /// is the listed person).
    public var match: WatchListMatch
    public var category: WatchListCategory
    /// The action the entry lists.
    public var action: WatchListAction
    /// What this hit asks for under the policy: the listed action, but `inspect` for a
    /// `NoBoard` entry matched below `ScreeningPolicy.noBoardMatchScore`.
    public var requestedOutcome: TravelerAssessment.Outcome
    /// The entry name that matched, as listed (`SURNAME, Given Names`).
    public var listedName: String

    public init(match: WatchListMatch, category: WatchListCategory, action: WatchListAction,
                requestedOutcome: TravelerAssessment.Outcome, listedName: String) {
        self.match = match
        self.category = category
        self.action = action
        self.requestedOutcome = requestedOutcome
        self.listedName = listedName
    }

    /// The identity confidence of the hit (its match score).
    public var identityConfidence: Double { match.score }
}
