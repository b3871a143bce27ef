/// How a traveller's travel documents compare with the documents a watch-list entry lists.
public enum DocumentAgreement: String, Sendable, Hashable, Codable, CaseIterable {
    /// A document number is the same (after folding the look-alikes `O`/`Q`→`0`, `I`→`1`).
    case exact
    /// A number differs by one typo: one character substituted, inserted, deleted, or two
    /// adjacent characters swapped (numbers of six characters or more).
    case near
    /// No document number agrees (or the entry lists none).
    case none

    /// The number with separators removed, upper-cased, and look-alike letters folded to the
    /// digits they are confused with in keyed and OCR-read numbers.
    static func normalize(_ number: String) -> [UInt8] {
        var number = number
        return number.withUTF8 { bytes in
            [UInt8](unsafeUninitializedCapacity: bytes.count) { out, count in
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): out[count] = byte
                    case UInt8(ascii: "a")...UInt8(ascii: "z"): out[count] = fold(byte - 0x20)
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): out[count] = fold(byte)
                    default: continue
                    }
                    count += 1
                }
            }
        }
    }

    private static func fold(_ letter: UInt8) -> UInt8 {
        switch letter {
        case UInt8(ascii: "O"), UInt8(ascii: "Q"): UInt8(ascii: "0")
        case UInt8(ascii: "I"): UInt8(ascii: "1")
        default: letter
        }
    }

    /// Compares two normalised numbers.
    static func compare(_ a: [UInt8], _ b: [UInt8]) -> DocumentAgreement {
        if a.isEmpty || b.isEmpty { return .none }
        if a == b { return .exact }
        guard min(a.count, b.count) >= 6, abs(a.count - b.count) <= 1 else { return .none }
        return isOneEditApart(a, b) ? .near : .none
    }

    /// Optimal string alignment distance ≤ 1 (one substitution, insertion, deletion or
    /// adjacent transposition), for strings already known to differ.
    private static func isOneEditApart(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var i = 0
        while i < a.count && i < b.count && a[i] == b[i] { i += 1 }
        if a.count == b.count {
            if a[(i + 1)...] == b[(i + 1)...] { return true }
            return i + 1 < a.count && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)...] == b[(i + 2)...]
        }
        let (long, short) = a.count > b.count ? (a, b) : (b, a)
        return long[(i + 1)...] == short[i...]
    }
}
