/// Writes a name in the MRZ alphabet (ICAO Doc 9303 Part 3, section 6).
///
/// Rules, in order, per Unicode scalar:
/// - ASCII letters are uppercased; ASCII digits are kept.
/// - Apostrophes (`'`, `’`, `‘`, `ʼ`, `` ` ``, `´`) are omitted, as 9303 does (`O'CONNOR` ->
///   `OCONNOR`).
/// - Spaces, hyphens, `<`, other punctuation and control characters become one filler `<`
///   (runs collapse to one; leading and trailing fillers are dropped).
/// - Combining marks are dropped, so decomposed input strips like precomposed input.
/// - Latin letters with diacritics lose the diacritic (`Á` -> `A`, `Ñ` -> `N`, and the
///   simple choice for German: `Ä` -> `A`, `Ö` -> `O`, `Ü` -> `U`, `Å` -> `A`); the letters
///   9303 spells out get their recommended form: `ß` -> `SS`, `Æ` -> `AE`, `Œ` -> `OE`,
///   `Ø` -> `OE`, `Þ` -> `TH`, `Ð`/`Đ` -> `D`, `Ĳ` -> `IJ`, `Ł` -> `L`, `Ħ` -> `H`,
///   `ı` -> `I`, `Ŋ` -> `N`, `ĸ` -> `Q`.
/// - Any other letter (Cyrillic, Greek, Arabic, ...) or symbol throws: 9303's script tables
///   are not implemented, and silently dropping part of a name would hide the loss.
public enum MRZTransliteration {
    /// The MRZ form of `name`: `[A-Z0-9]` components joined by single `<`; `field` names the
    /// field in the error thrown for a character that has no transliteration.
    public static func transliterate(_ name: String, field: MRZField = .primaryIdentifier) throws(MRZBuildError) -> String {
        if let ascii = transliterateASCII(name) { return ascii }
        var output = ""
        var pendingFiller = false
        func append(_ text: String) {
            if pendingFiller, !output.isEmpty { output.append(MRZAlphabet.filler) }
            pendingFiller = false
            output += text
        }
        for scalar in name.unicodeScalars {
            switch classify(scalar) {
            case .text(let text): append(text)
            case .separator: pendingFiller = true
            case .omitted: break
            case .unrepresentable: throw .invalidCharacter(field: field, character: String(Character(scalar)))
            }
        }
        return output
    }

    /// The same rules for a name that is ASCII only, on bytes (nil for any other name):
    /// most names, without a string built per character.
    private static func transliterateASCII(_ name: String) -> String? {
        var name = name
        return name.withUTF8 { bytes -> String? in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var pendingFiller = false
            for byte in bytes {
                switch byte {
                case 0x80...: return nil
                case 0x27, 0x60: continue  // apostrophes are omitted
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A:
                    if pendingFiller, !output.isEmpty { output.append(0x3C) }
                    pendingFiller = false
                    output.append(byte >= 0x61 ? byte - 0x20 : byte)
                default: pendingFiller = true
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    private enum Mapping: Equatable {
        case text(String)
        case separator
        case omitted
        case unrepresentable
    }

    private static let apostrophes: Set<UInt32> = [0x27, 0x2019, 0x2018, 0x02BC, 0x60, 0xB4]

    /// Letters whose 9303 form is not "the base letter without its diacritic".
    private static let special: [UInt32: String] = [
        0xDF: "SS", 0x1E9E: "SS",
        0xC6: "AE", 0xE6: "AE",
        0x152: "OE", 0x153: "OE",
        0xD8: "OE", 0xF8: "OE",
        0xDE: "TH", 0xFE: "TH",
        0xD0: "D", 0xF0: "D", 0x110: "D", 0x111: "D",
        0x132: "IJ", 0x133: "IJ",
        0x141: "L", 0x142: "L",
        0x126: "H", 0x127: "H",
        0x131: "I",
        0x14A: "N", 0x14B: "N",
        0x138: "Q",
    ]

    private static func classify(_ scalar: Unicode.Scalar) -> Mapping {
        if apostrophes.contains(scalar.value) { return .omitted }
        if scalar.isASCII {
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A: return .text(String(Character(scalar)))
            case 0x61...0x7A: return .text(String(Character(Unicode.Scalar(UInt8(scalar.value - 0x20)))))
            default: return .separator
            }
        }
        if let text = special[scalar.value] { return .text(text) }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format:
            return .omitted
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter:
            return latinBase(of: scalar).map(Mapping.text) ?? .unrepresentable
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return .separator
        default:
            return .unrepresentable
        }
    }

    /// `A` for "LATIN CAPITAL LETTER A WITH ACUTE" and the like, from the Unicode name, so
    /// every precomposed Latin letter with diacritics is covered without a table. The Latin
    /// blocks most names use are looked up once (a Unicode name lookup is slow, and every
    /// traveller's names are transliterated on every manifest).
    private static func latinBase(of scalar: Unicode.Scalar) -> String? {
        let value = Int(scalar.value)
        if latinBlocks.contains(value) { return latinBlockBases[value - latinBlocks.lowerBound] }
        return latinBaseFromName(of: scalar)
    }

    /// Latin-1 Supplement to Latin Extended-B.
    private static let latinBlocks = 0x80...0x24F
    private static let latinBlockBases: [String?] = latinBlocks.map { value in
        Unicode.Scalar(UInt32(value)).flatMap(latinBaseFromName)
    }

    private static func latinBaseFromName(of scalar: Unicode.Scalar) -> String? {
        guard var name = scalar.properties.name else { return nil }
        if name.hasPrefix("FULLWIDTH ") { name.removeFirst("FULLWIDTH ".count) }
        for prefix in ["LATIN CAPITAL LETTER ", "LATIN SMALL LETTER "] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            let base = rest.split(separator: " WITH ", maxSplits: 1, omittingEmptySubsequences: false).first ?? rest
            guard base.count == 1, let letter = base.first, MRZAlphabet.isLetter(letter) else { return nil }
            return String(letter)
        }
        return nil
    }
}
