/// A document number layout such as `BDDDDDDDD` (`L` any letter, `D` any digit, anything
/// else literal), and the unique numbers it yields: the serial `n` of a run maps to a
/// number no other serial maps to, through a seeded `SerialPermutation`.
struct SerialNumberFormat: Sendable {
    let pattern: [UInt8]
    let size: UInt64
    let permutation: SerialPermutation

    /// The format of `pattern`, shuffled by `seed` and `key` (e.g. `SLV/P/BDDDDDDDD`) so
    /// each issuer's numbers look independent of the others'.
    init(_ pattern: String, seed: UInt64, key: String) {
        self.pattern = Array(pattern.utf8)
        var size: UInt64 = 1
        for byte in self.pattern {
            if byte == UInt8(ascii: "L") { size = size.multipliedReportingOverflow(by: 26).partialValue }
            if byte == UInt8(ascii: "D") { size = size.multipliedReportingOverflow(by: 10).partialValue }
        }
        self.size = max(size, 1)
        var random = SeededRandom(seed: seed, stream: StableHash.of(key))
        permutation = SerialPermutation(size: self.size, random: &random)
    }

    /// The number for `serial`.
    func number(_ serial: UInt64) -> String {
        var value = permutation(serial)
        return pattern.withUnsafeBufferPointer { pattern in
            String(unsafeUninitializedCapacity: pattern.count) { bytes in
                for index in pattern.indices.reversed() {
                    switch pattern[index] {
                    case UInt8(ascii: "D"):
                        bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                        value /= 10
                    case UInt8(ascii: "L"):
                        bytes[index] = UInt8(ascii: "A") + UInt8(value % 26)
                        value /= 26
                    default:
                        bytes[index] = pattern[index]
                    }
                }
                return pattern.count
            }
        }
    }
}

/// FNV-1a over UTF-8: a string hash that is the same in every process (Swift's `Hasher`
/// is seeded per process), for deriving random streams from names.
enum StableHash {
    static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        return hash
    }
}
