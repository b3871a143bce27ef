import Foundation
import PaxMessages

/// How common each name token and each phonetic key is on the watch list, overall and among
/// entries of each nationality: the `u` of the Fellegi-Sunter weights.
///
/// A listed token's weight is its share among entries of the entry's own nationality (shrunk
/// towards the whole list), because the question a name agreement answers is "how likely is a
/// random person of this culture to carry this name": `YAMASHITA` is rare on a list of every
/// nationality and common among Japanese. Entries without a nationality use the traveller's
/// nationality instead, and travellers' own tokens always do (`ROUX` among French travellers).
///
/// Counts are kept in flat arrays (per item, a short sorted run of (nationality, count)).
final class TokenStatistics: Sendable {
    /// How many entries' worth of the whole list's frequencies a nationality's own
    /// frequencies are blended with.
    static let shrinkage = 20.0

    let entryCount: Int
    /// Ids of every token (by `BlockingKey.tokenHash`) and phonetic key on the list.
    let tokenIds: [UInt64: UInt32]
    let keyIds: [UInt64: UInt32]
    let nationalityIndex: [CountryCode: Int]
    /// Entries per nationality index.
    let nationalityEntries: [Int]
    let tokens: Counts
    let keys: Counts
    /// `tokenIds` and `keyIds` as `IntegerMap`s, and `nationalityIndex` by packed code (three
    /// letters, see `PackedEntry.pack`): what screening probes for every traveller.
    let tokenIdMap: IntegerMap
    let keyIdMap: IntegerMap
    private let nationalityMap: IntegerMap

    init(entryCount: Int, tokenIds: [UInt64: UInt32], keyIds: [UInt64: UInt32], nationalityIndex: [CountryCode: Int],
         nationalityEntries: [Int], tokens: Counts, keys: Counts) {
        self.entryCount = entryCount
        self.tokenIds = tokenIds
        self.keyIds = keyIds
        self.nationalityIndex = nationalityIndex
        self.nationalityEntries = nationalityEntries
        self.tokens = tokens
        self.keys = keys
        tokenIdMap = IntegerMap(tokenIds)
        keyIdMap = IntegerMap(keyIds)
        let threeLetters = nationalityIndex.compactMap { code, index -> (key: UInt64, value: UInt32)? in
            let packed = PackedEntry.pack(code)
            return packed & 0x8000_0000 == 0 ? (UInt64(packed), UInt32(index)) : nil
        }
        nationalityMap = IntegerMap(threeLetters, count: threeLetters.count)
    }

    /// `nationalityIndex[code]`, given `packed`, the code's `PackedEntry.pack`.
    @inline(__always)
    func nationality(_ code: CountryCode, packed: UInt32) -> Int? {
        // Three-letter codes pack without loss; anything else is looked up by its text.
        if packed & 0x8000_0000 == 0 { return nationalityMap[UInt64(packed)].map(Int.init) }
        return nationalityIndex[code]
    }

    /// Entries holding each item (token or key) overall, and per nationality.
    struct Counts: Sendable {
        var global: [Int32] = []
        /// For item i, its per-nationality counts are at `start[i]..<start[i + 1]` of
        /// `nationality`/`count`, sorted by nationality.
        var start: [UInt32] = []
        var nationality: [UInt16] = []
        var count: [Int32] = []

        @inline(__always)
        func local(_ item: UInt32, _ nationalityIndex: Int) -> Int32 {
            var low = Int(start[Int(item)]), high = Int(start[Int(item) + 1])
            let target = UInt16(truncatingIfNeeded: nationalityIndex)
            while low < high {
                let middle = (low + high) / 2
                let value = nationality[middle]
                if value == target { return count[middle] }
                if value < target { low = middle + 1 } else { high = middle }
            }
            return 0
        }
    }

    /// The weight of token `id` among people of nationality index `nationality` (the whole
    /// list when nil).
    ///
    /// A listed name's own occurrence is deliberately counted: a list samples the travelling
    /// population thinly (tens of entries for most nationalities), so a token seen once among
    /// them is not known to be rare, and counting it keeps such weights conservative (leaving
    /// it out tripled the false alarms on the generator's populations).
    @inline(__always)
    func tokenWeight(_ id: UInt32, nationality: Int?) -> Double {
        weight(tokens, id, nationality: nationality)
    }

    /// The same for a phonetic key.
    @inline(__always)
    func keyWeight(_ id: UInt32, nationality: Int?) -> Double {
        weight(keys, id, nationality: nationality)
    }

    @inline(__always)
    private func weight(_ counts: Counts, _ id: UInt32, nationality: Int?) -> Double {
        let g = (Double(counts.global[Int(id)]) + 0.5) / (Double(entryCount) + 1)
        guard let nationality else { return MatchScorer.tokenWeight(share: g) }
        let p = (Double(counts.local(id, nationality)) + Self.shrinkage * g) / (Double(nationalityEntries[nationality]) + Self.shrinkage)
        return MatchScorer.tokenWeight(share: p)
    }

    /// The weight token `id` would have for a nationality of the size of `nationality` that
    /// never uses it: the largest weight any traveller can give it.
    func unseenWeight(_ id: UInt32, nationality: Int?) -> Double {
        let g = (Double(tokens.global[Int(id)]) + 0.5) / (Double(entryCount) + 1)
        guard let nationality else { return MatchScorer.tokenWeight(share: g) }
        return MatchScorer.tokenWeight(share: Self.shrinkage * g / (Double(nationalityEntries[nationality]) + Self.shrinkage))
    }

    /// Counts tokens and keys entry by entry.
    struct Builder {
        var tokenIds: [UInt64: UInt32] = [:]
        var keyIds: [UInt64: UInt32] = [:]
        var nationalityIndex: [CountryCode: Int] = [:]
        var nationalityEntries: [Int] = []
        var tokenGlobal: [Int32] = []
        var keyGlobal: [Int32] = []
        var tokenLocal: [[UInt16: Int32]] = []
        var keyLocal: [[UInt16: Int32]] = []
        var entryCount = 0

        mutating func tokenId(_ token: [UInt8]) -> UInt32 {
            let hash = BlockingKey.tokenHash(token)
            if let id = tokenIds[hash] { return id }
            let id = UInt32(tokenGlobal.count)
            tokenIds[hash] = id
            tokenGlobal.append(0)
            tokenLocal.append([:])
            return id
        }

        mutating func keyId(_ key: UInt64) -> UInt32 {
            if let id = keyIds[key] { return id }
            let id = UInt32(keyGlobal.count)
            keyIds[key] = id
            keyGlobal.append(0)
            keyLocal.append([:])
            return id
        }

        /// Records one entry: the token and key ids of all its names, its first nationality.
        mutating func add(tokens: Set<UInt32>, keys: Set<UInt32>, nationality: CountryCode?) {
            entryCount += 1
            for id in tokens { tokenGlobal[Int(id)] += 1 }
            for id in keys { keyGlobal[Int(id)] += 1 }
            guard let nationality else { return }
            let index: Int
            if let known = nationalityIndex[nationality] {
                index = known
            } else {
                index = nationalityEntries.count
                nationalityIndex[nationality] = index
                nationalityEntries.append(0)
            }
            nationalityEntries[index] += 1
            let code = UInt16(truncatingIfNeeded: index)
            for id in tokens { tokenLocal[Int(id)][code, default: 0] += 1 }
            for id in keys { keyLocal[Int(id)][code, default: 0] += 1 }
        }

        private static func counts(_ global: [Int32], _ local: [[UInt16: Int32]]) -> Counts {
            var counts = Counts(global: global)
            counts.start.reserveCapacity(global.count + 1)
            for item in local {
                counts.start.append(UInt32(counts.nationality.count))
                for (nationality, count) in item.sorted(by: { $0.key < $1.key }) {
                    counts.nationality.append(nationality)
                    counts.count.append(count)
                }
            }
            counts.start.append(UInt32(counts.nationality.count))
            return counts
        }

        func build() -> TokenStatistics {
            TokenStatistics(entryCount: entryCount, tokenIds: tokenIds, keyIds: keyIds, nationalityIndex: nationalityIndex,
                            nationalityEntries: nationalityEntries, tokens: Self.counts(tokenGlobal, tokenLocal),
                            keys: Self.counts(keyGlobal, keyLocal))
        }
    }
}
