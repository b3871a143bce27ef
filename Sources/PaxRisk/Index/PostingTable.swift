/// An immutable multimap from 64-bit blocking keys to lists of 24-bit ids, each id stored with
/// a 40-bit tag (see `CandidateFilter`): the sorted postings in one array and an
/// open-addressing table from key to its slice.
///
/// Built once per watch list; a lookup touches one or two cache lines, then reads its postings
/// in sequence, and allocates nothing.
final class PostingTable: Sendable {
    /// Open-addressing slots of 8 bytes: the key's upper 32 bits as a fingerprint and where its
    /// postings start; `postings[start]` holds their count, the postings follow. Small slots
    /// keep the table (millions of keys for a large list) dense in cache. Two keys sharing a
    /// slot chain and a fingerprint (about one probe in 2^32) would only add candidates, which
    /// scoring then rejects.
    private struct Slot {
        var fingerprint: UInt32 = 0
        var start: UInt32 = Slot.empty
        static let empty = UInt32.max
    }

    private let slots: [Slot]
    /// Id in the low 24 bits, tag in the high 40.
    private let postings: [UInt64]

    /// The largest id a table can hold.
    static let maximumId: UInt32 = (1 << 24) - 1
    private let mask: Int

    /// Groups `pairs` (key, id) by key; duplicate pairs are kept once; `tag` gives each id's
    /// tag. Keys with more than `maximumPostings` ids are left out entirely.
    init(_ pairs: [(key: UInt64, id: UInt32)], maximumPostings: Int = .max, tag: (UInt32) -> UInt64 = { _ in 0 }) {
        var sorted = pairs
        sorted.sort { $0.key != $1.key ? $0.key < $1.key : $0.id < $1.id }
        var postings: [UInt64] = []
        postings.reserveCapacity(sorted.count + sorted.count / 2)
        var groups: [(key: UInt64, start: UInt32)] = []
        var index = 0
        while index < sorted.count {
            let key = sorted[index].key
            let start = postings.count
            postings.append(0)
            var previous: UInt32? = nil
            while index < sorted.count && sorted[index].key == key {
                let id = sorted[index].id
                if id != previous { postings.append(tag(id) << 24 | UInt64(id & Self.maximumId)) }
                previous = id
                index += 1
            }
            let count = postings.count - start - 1
            if count > maximumPostings {
                postings.removeLast(count + 1)
            } else {
                postings[start] = UInt64(count)
                groups.append((key, UInt32(start)))
            }
        }
        var capacity = 16
        while capacity < groups.count * 2 { capacity <<= 1 }
        var slots = [Slot](repeating: Slot(), count: capacity)
        let mask = capacity - 1
        for group in groups {
            var slot = Self.slot(of: group.key, mask: mask)
            while slots[slot].start != Slot.empty { slot = (slot + 1) & mask }
            slots[slot] = Slot(fingerprint: UInt32(truncatingIfNeeded: group.key >> 32), start: group.start)
        }
        self.slots = slots
        self.postings = postings
        self.mask = mask
    }

    private static func slot(of key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// Calls `body` with every (id, tag) stored under `key`.
    @inline(__always)
    func forEach(_ key: UInt64, _ body: (_ id: UInt32, _ tag: UInt64) -> Void) {
        guard let range = range(of: key) else { return }
        for index in range {
            let posting = postings[index]
            body(UInt32(truncatingIfNeeded: posting) & Self.maximumId, posting >> 24)
        }
    }

    /// Where the postings of `key` are, if it has any.
    @inline(__always)
    private func range(of key: UInt64) -> Range<Int>? {
        let fingerprint = UInt32(truncatingIfNeeded: key >> 32)
        var slot = Self.slot(of: key, mask: mask)
        while true {
            let found = slots[slot]
            if found.start == Slot.empty { return nil }
            if found.fingerprint == fingerprint {
                let start = Int(found.start) + 1
                return start..<(start + Int(postings[start - 1]))
            }
            slot = (slot + 1) & mask
        }
    }

    /// Appends the postings slice of each of `keys` to `ranges` (keys not in the table add
    /// nothing). Looking all keys up before reading any posting lets the processor overlap the
    /// cache misses of independent lookups.
    func ranges(of keys: [UInt64], into ranges: inout [Range<Int>]) {
        for key in keys {
            if let range = range(of: key) { ranges.append(range) }
        }
    }

    /// Calls `body` with every (id, tag) in `ranges` (from `ranges(of:into:)`).
    @inline(__always)
    func forEach(in ranges: [Range<Int>], _ body: (_ id: UInt32, _ tag: UInt64) -> Void) {
        for range in ranges {
            for index in range {
                let posting = postings[index]
                body(UInt32(truncatingIfNeeded: posting) & Self.maximumId, posting >> 24)
            }
        }
    }
}
