import Foundation

/// Case folding and diacritic removal, one Unicode scalar at a time, for name matching.
///
/// Latin letters with diacritics become their base letters (`é`→`e`, `ñ`→`n`, `ß`→`ss`,
/// `ø`→`o`, `ł`→`l`); Cyrillic and Greek capitals become lower case and Greek accents go, so
/// that `ScriptTransliteration` sees only base lower-case letters. Built once from Unicode's
/// canonical decompositions, then looked up.
enum ScalarFolding {
    /// What a scalar contributes to a name.
    enum Fold: Equatable {
        /// One or two lower-case ASCII letters (`é`→`e`, `ß`→`ss`); the second is 0 when absent.
        case latin(UInt8, UInt8)
        /// A base lower-case letter of another script, for transliteration.
        case script(UInt32)
        /// Ends the current token: spaces, hyphens, punctuation, digits.
        case separator
        /// Vanishes without splitting the token: apostrophes, combining marks, Arabic vowel signs.
        case ignored
    }

    static func fold(_ scalar: Unicode.Scalar) -> Fold {
        let v = scalar.value
        if v < 0x80 {
            switch v {
            case 0x61...0x7A: return .latin(UInt8(v), 0)
            case 0x41...0x5A: return .latin(UInt8(v + 0x20), 0)
            case 0x27, 0x60: return .ignored // ' `
            default: return .separator
            }
        }
        if let latin = latinLetters(v) { return latin }
        switch v {
        case 0x0410...0x042F: return .script(v + 0x20)           // Cyrillic А-Я
        case 0x0400...0x040F: return .script(v + 0x50)           // Ѐ-Џ
        case 0x0490: return .script(0x0491)                      // Ґ
        case 0x0430...0x045F, 0x0491: return .script(v)
        case 0x0391...0x03A9 where v != 0x03A2: return .script(v + 0x20)
        case 0x03B1...0x03C9: return .script(v)
        case 0x0620...0x064A, 0x0671, 0x067E, 0x0686, 0x0698, 0x06A9, 0x06AF, 0x06CC: return .script(v)
        case 0x064B...0x065F, 0x0640, 0x0670: return .ignored    // harakat, tatweel, superscript alef
        case 0x2018, 0x2019, 0x02BB, 0x02BC, 0x02BE, 0x02BF, 0x00B4: return .ignored // ’ ʻ ʼ ʾ ʿ ´
        case 0x0300...0x036F: return .ignored                    // combining diacritics
        default: break
        }
        if let greek = greekAccented[v] { return .script(greek) }
        return .separator
    }

    /// The ASCII letters of a Latin letter outside ASCII, from the table below.
    @inline(__always)
    private static func latinLetters(_ v: UInt32) -> Fold? {
        let packed: UInt16
        switch v {
        case 0x00C0..<0x0250: packed = latinTable[Int(v - 0x00C0)]
        case 0x1E00..<0x1F00: packed = latinTable[Int(v - 0x1E00) + 0x0250 - 0x00C0]
        default: return nil
        }
        guard packed != 0 else { return nil }
        return .latin(UInt8(packed & 0xFF), UInt8(packed >> 8))
    }

    /// Latin letters U+00C0...U+024F and U+1E00...U+1EFF: decomposed and stripped of marks,
    /// plus the letters that have no decomposition; two letters packed in a UInt16 (0: none).
    private static let latinTable: [UInt16] = {
        var table = [UInt16](repeating: 0, count: (0x0250 - 0x00C0) + 0x100)
        func slot(_ value: UInt32) -> Int? {
            switch value {
            case 0x00C0..<0x0250: Int(value - 0x00C0)
            case 0x1E00..<0x1F00: Int(value - 0x1E00) + 0x0250 - 0x00C0
            default: nil
            }
        }
        func pack(_ letters: [UInt8]) -> UInt16 {
            letters.isEmpty ? 0 : UInt16(letters[0]) | (letters.count > 1 ? UInt16(letters[1]) << 8 : 0)
        }
        let special: [UInt32: String] = [
            0x00DF: "ss", 0x00C6: "ae", 0x00E6: "ae", 0x00D8: "o", 0x00F8: "o", 0x0152: "oe",
            0x0153: "oe", 0x0141: "l", 0x0142: "l", 0x0110: "d", 0x0111: "d", 0x00D0: "d", 0x00F0: "d",
            0x00DE: "th", 0x00FE: "th", 0x0131: "i", 0x014A: "n", 0x014B: "n", 0x0126: "h", 0x0127: "h",
            0x0166: "t", 0x0167: "t", 0x0138: "k", 0x017F: "s", 0x0192: "f", 0x0130: "i", 0x1E9E: "ss",
        ]
        for value in UInt32(0x00C0)..<0x0250 { fill(value) }
        for value in UInt32(0x1E00)..<0x1F00 { fill(value) }
        func fill(_ value: UInt32) {
            guard let index = slot(value) else { return }
            if let text = special[value] {
                table[index] = pack(Array(text.utf8))
                return
            }
            guard let scalar = Unicode.Scalar(value), scalar.properties.isAlphabetic else { return }
            let base = String(Character(scalar)).decomposedStringWithCanonicalMapping.lowercased()
            table[index] = pack(Array(base.utf8.filter { $0 >= 0x61 && $0 <= 0x7A }.prefix(2)))
        }
        return table
    }()

    /// Greek letters with tonos or dialytika, to their base lower-case letter.
    private static let greekAccented: [UInt32: UInt32] = [
        0x0386: 0x03B1, 0x0388: 0x03B5, 0x0389: 0x03B7, 0x038A: 0x03B9, 0x038C: 0x03BF, 0x038E: 0x03C5,
        0x038F: 0x03C9, 0x0390: 0x03B9, 0x03AA: 0x03B9, 0x03AB: 0x03C5, 0x03AC: 0x03B1, 0x03AD: 0x03B5,
        0x03AE: 0x03B7, 0x03AF: 0x03B9, 0x03B0: 0x03C5, 0x03CA: 0x03B9, 0x03CB: 0x03C5, 0x03CC: 0x03BF,
        0x03CD: 0x03C5, 0x03CE: 0x03C9,
    ]
}
