public import PaxMessages

/// Plants watch-list subjects among a run's passengers and writes the watch list that
/// should find them, with decoy entries that should not.
///
/// Planting happens in two steps so that manifests can stream: `slots` picks the travellers
/// (by position in each passenger list) before anything is generated, and `watchList`
/// derives the entries from those travellers once they have been. Perturbation kinds are
/// dealt in turn, so as many plants as kinds cover every kind.
public struct WatchListPlanter: Sendable {
    public let seed: UInt64
    /// Planted subjects.
    public let plantCount: Int
    /// Entries in the list: the planted ones and decoys (at least `plantCount`).
    public let size: Int

    public init(seed: UInt64, plant: Int, size: Int) {
        self.seed = seed
        plantCount = max(0, plant)
        self.size = max(size, plant)
    }

    /// For each passenger list (by its traveller count), the positions to plant at and
    /// their perturbations, dealt from `kinds` in a seeded order. Nil when there are fewer
    /// passengers than plants.
    public func slots(passengerCounts: [Int], kinds: [Perturbation] = Perturbation.classic) -> [[Int: Perturbation]]? {
        let total = passengerCounts.reduce(0, +)
        guard plantCount <= total else { return nil }
        var result = passengerCounts.map { _ in [Int: Perturbation]() }
        guard plantCount > 0 else { return result }
        var random = SeededRandom(seed: seed, stream: 0x97A7)
        let spread = SerialPermutation(size: UInt64(total), random: &random)
        var kinds = kinds.isEmpty ? Perturbation.classic : kinds
        random.shuffle(&kinds)
        var starts: [Int] = []
        var running = 0
        for count in passengerCounts {
            starts.append(running)
            running += count
        }
        for j in 0..<plantCount {
            let global = Int(spread(UInt64(j)))
            // The last list starting at or before `global`.
            var list = 0
            var low = 0, high = starts.count - 1
            while low <= high {
                let middle = (low + high) / 2
                if starts[middle] <= global { list = middle; low = middle + 1 } else { high = middle - 1 }
            }
            result[list][global - starts[list]] = kinds[j % kinds.count]
        }
        return result
    }

    /// The requirements `TravelerStream` needs for one list's slots.
    public static func requirements(_ slots: [Int: Perturbation]) -> [Int: TravelerStream.PlantRequirement] {
        slots.mapValues(\.requirement)
    }

    /// The watch list (planted entries among decoys, in id order) and the ground truth.
    /// `issuedAt` stamps the list; `serialBase` numbers decoy documents after the run's own.
    public func watchList(planted: [PlantedTraveler], listId: String, issuedAt: Timestamp?,
                          serialBase: UInt64) -> (WatchList, [GroundTruthRecord]) {
        var random = SeededRandom(seed: seed, stream: 0x97A8)
        let total = max(size, planted.count)
        let order = SerialPermutation(size: UInt64(max(total, 1)), random: &random)
        let width = max(6, String(total).count)
        func entryId(_ ordinal: Int) -> String {
            let digits = String(ordinal + 1)
            return "WL-" + String(repeating: "0", count: width - digits.count) + digits
        }
        var entries: [WatchListEntry?] = Array(repeating: nil, count: total)
        var truth: [GroundTruthRecord] = []
        for (j, plant) in planted.enumerated() {
            let ordinal = Int(order(UInt64(j)))
            var entryRandom = SeededRandom(seed: seed, stream: 0x97A9, UInt64(j))
            let (entry, applied) = WatchListEntryMaker.planted(plant, id: entryId(ordinal), random: &entryRandom)
            entries[ordinal] = entry
            truth.append(GroundTruthRecord(manifestMessageId: plant.manifestMessageId,
                                           travelerReference: plant.generated.traveler.reference,
                                           watchListEntryId: entry.id, perturbation: applied))
        }
        var decoy = 0
        for ordinal in 0..<total where entries[ordinal] == nil {
            var decoyRandom = SeededRandom(seed: seed, stream: 0xDEC0, UInt64(decoy))
            entries[ordinal] = WatchListEntryMaker.decoy(id: entryId(ordinal), serial: serialBase + UInt64(decoy),
                                                         seed: seed, random: &decoyRandom)
            decoy += 1
        }
        let list = WatchList(listId: listId, issuedAt: issuedAt, entries: entries.compactMap { $0 })
        return (list, truth)
    }
}
