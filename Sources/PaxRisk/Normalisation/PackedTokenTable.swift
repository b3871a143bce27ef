/// A small immutable hash table keyed by short tokens (at most eight bytes) packed into an
/// integer: particles and romanisation classes are looked up for every token of every
/// traveller, and a multiply-and-shift probe costs a fraction of `Hasher`'s.
struct PackedTokenTable<Value: Sendable>: Sendable {
    /// Packed keys by slot; 0 marks an empty slot (no non-empty token packs to 0).
    private let keys: [UInt64]
    private let values: [Value?]
    private let shift: UInt64

    init(_ pairs: [(token: [UInt8], value: Value)]) {
        var bits: UInt64 = 4
        while 1 << bits < pairs.count * 4 { bits += 1 }
        var keys = [UInt64](repeating: 0, count: 1 << bits)
        var values = [Value?](repeating: nil, count: 1 << bits)
        shift = 64 - bits
        for (token, value) in pairs {
            let key = Self.pack(token)
            var slot = Self.slot(key, shift: shift)
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & (keys.count - 1) }
            keys[slot] = key
            values[slot] = value
        }
        self.keys = keys
        self.values = values
    }

    /// The value of `token`, if it is in the table.
    @inline(__always)
    func value(_ token: [UInt8]) -> Value? {
        guard !token.isEmpty, token.count <= 8 else { return nil }
        let key = Self.pack(token)
        var slot = Self.slot(key, shift: shift)
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == 0 { return nil }
            slot = (slot + 1) & (keys.count - 1)
        }
    }

    @inline(__always)
    static func pack(_ token: [UInt8]) -> UInt64 {
        var packed: UInt64 = 0
        for byte in token { packed = packed << 8 | UInt64(byte) }
        return packed
    }

    @inline(__always)
    private static func slot(_ key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}
