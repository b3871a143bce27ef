public import PaxMessages
public import PaxRisk

/// Why this agency's screening flagged a traveller, kept when the manifest is screened (the
/// console explains hits from it and never screens again): each watch-list hit with the
/// features behind its score, the matched entries as they were listed then, and the rules
/// that fired. It holds no traveller name, but listed names may be the traveller's, so
/// retention removes it with the rest of the traveller's data.
public struct ScreeningExplanation: Sendable, Hashable, Codable {
    public var watchListHits: [WatchListHit]
    public var ruleHits: [RuleHit]
    /// The matched entries as listed when screened, by entry id.
    public var listedEntries: [String: WatchListEntry]

    public init(watchListHits: [WatchListHit], ruleHits: [RuleHit], listedEntries: [String: WatchListEntry]) {
        self.watchListHits = watchListHits
        self.ruleHits = ruleHits
        self.listedEntries = listedEntries
    }

    /// The explanation of `risk`, with the matched entries looked up in `entries` (the
    /// watch list the screening used); an index out of range leaves the entry out.
    public init(risk: TravelerRisk, entries: [WatchListEntry]) {
        var listed: [String: WatchListEntry] = [:]
        for hit in risk.watchListHits where entries.indices.contains(hit.match.entryIndex) {
            listed[hit.match.entryId] = entries[hit.match.entryIndex]
        }
        self.init(watchListHits: risk.watchListHits, ruleHits: risk.ruleHits, listedEntries: listed)
    }

    /// True when nothing matched and no rule fired.
    public var isEmpty: Bool { watchListHits.isEmpty && ruleHits.isEmpty }
}
