public import PaxMessages

/// A watch-list match at or above the hit threshold, with what the entry says.
public struct WatchListHit: Sendable, Hashable, Codable {
    public var match: WatchListMatch
    public var category: WatchListCategory
    public var action: WatchListAction
    /// The entry name that matched, as listed (`SURNAME, Given Names`).
    public var listedName: String

    public init(match: WatchListMatch, category: WatchListCategory, action: WatchListAction, listedName: String) {
        self.match = match
        self.category = category
        self.action = action
        self.listedName = listedName
    }
}
