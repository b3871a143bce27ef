extension WatchListScreener {
    /// Buffers reused from one traveller to the next on a thread.
    struct Scratch {
        /// Candidate names: id in the high bits, and in the low 16 the bound of their birth-date
        /// and nationality evidence in quarters (see `Candidate`).
        var names: [UInt64] = []
        var entries: [UInt32] = []
        var keys: [UInt64] = []
        var nameKeys: [UInt64] = []
        var undatedKeys: [UInt64] = []
        var yearKeys: [UInt64] = []
        var ranges: [Range<Int>] = []
        var travelerTokenIds: [UInt32?] = []
        var travelerWeights: [Double] = []
        var entryWeights: [Double] = []
        var entryKeyWeights: [Double] = []
        /// What this thread's screening did so far.
        var counts = ScreeningCounts()
    }
}
