/// An immutable map from 64-bit keys (already well mixed, or small) to 32-bit ids, probed
/// with one multiply and a linear scan: screening looks up every traveller token's id, and
/// `Dictionary`'s seeded hashing costs several times more than the rest of that lookup.
struct IntegerMap: Sendable {
    private let keys: [UInt64]
    /// `empty` marks a free slot.
    private let values: [UInt32]
    private let shift: UInt64
    private static let empty = UInt32.max

    /// `pairs` must not hold the value `UInt32.max`.
    init(_ pairs: some Sequence<(key: UInt64, value: UInt32)>, count: Int) {
        var bits: UInt64 = 4
        while 1 << bits < count * 2 { bits += 1 }
        var keys = [UInt64](repeating: 0, count: 1 << bits)
        var values = [UInt32](repeating: Self.empty, count: 1 << bits)
        let shift = 64 - bits
        for (key, value) in pairs {
            precondition(value != Self.empty, "IntegerMap value out of range")
            var slot = Self.slot(key, shift: shift)
            while values[slot] != Self.empty && keys[slot] != key { slot = (slot + 1) & (keys.count - 1) }
            keys[slot] = key
            values[slot] = value
        }
        self.keys = keys
        self.values = values
        self.shift = shift
    }

    init(_ dictionary: [UInt64: UInt32]) {
        self.init(dictionary.lazy.map { (key: $0.key, value: $0.value) }, count: dictionary.count)
    }

    @inline(__always)
    subscript(key: UInt64) -> UInt32? {
        var slot = Self.slot(key, shift: shift)
        while true {
            let value = values[slot]
            if value == Self.empty { return nil }
            if keys[slot] == key { return value }
            slot = (slot + 1) & (keys.count - 1)
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}
