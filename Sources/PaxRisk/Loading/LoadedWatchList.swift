public import PaxMessages

/// A watch list as loaded, with the entries that were skipped (lenient loading only).
public struct LoadedWatchList: Sendable {
    public var watchList: WatchList
    /// One problem per reason an entry or row was left out; empty after a strict load.
    public var skipped: [SourceProblem]

    public init(watchList: WatchList, skipped: [SourceProblem] = []) {
        self.watchList = watchList
        self.skipped = skipped
    }
}
