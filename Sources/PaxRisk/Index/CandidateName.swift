extension WatchListScreener {
    /// Packing of a candidate name with the bound of its non-name evidence, so that sorting
    /// the packed values groups names by id and the bound travels with them.
    enum Candidate {
        /// The bound of a candidate admitted through a document hit: do not prune.
        static let unbounded: Int16 = .max

        static func pack(_ id: UInt32, bound: Double) -> UInt64 {
            let quarters = bound.isFinite ? Int16(clamping: Int((bound * 4).rounded(.up))) : unbounded
            return UInt64(id) << 16 | UInt64(UInt16(bitPattern: quarters))
        }

        static func pack(_ id: UInt32, unboundedWith: Void) -> UInt64 {
            UInt64(id) << 16 | UInt64(UInt16(bitPattern: unbounded))
        }

        static func id(_ packed: UInt64) -> Int { Int(packed >> 16) }

        static func bound(_ packed: UInt64) -> Double {
            let quarters = Int16(bitPattern: UInt16(truncatingIfNeeded: packed))
            return quarters == unbounded ? .infinity : Double(quarters) / 4
        }
    }
}
