/// Cyrillic, Greek and Arabic letters to lower-case Latin, following the romanisations that
/// appear in passports: ICAO Doc 9303 for Cyrillic, ELOT 743 for Greek, a simplified
/// ALA-LC/UNGEGN scheme for Arabic (no diacritics, long vowels written, short vowels absent as
/// in the script itself).
///
/// Works on already case-folded scalars (see `ScalarFolding`) one token at a time, because
/// Greek digraphs and Arabic letters depend on their neighbours.
enum ScriptTransliteration {
    /// Appends the Latin form of `token[index]` to `out` and returns how many scalars it used.
    static func append(_ token: [UInt32], at index: Int, to out: inout [UInt8]) -> Int {
        let scalar = token[index]
        if (0x0430...0x045F).contains(scalar) || scalar == 0x0491 {
            out.append(contentsOf: cyrillic[scalar] ?? [])
            return 1
        }
        if (0x03B1...0x03C9).contains(scalar) { return appendGreek(token, at: index, to: &out) }
        return appendArabic(token, at: index, to: &out)
    }

    // MARK: Cyrillic (ICAO Doc 9303, 7th edition, Part 3, Section 6)

    private static let cyrillic: [UInt32: [UInt8]] = {
        let table: [(UInt32, String)] = [
            (0x0430, "a"), (0x0431, "b"), (0x0432, "v"), (0x0433, "g"), (0x0434, "d"), (0x0435, "e"),
            (0x0436, "zh"), (0x0437, "z"), (0x0438, "i"), (0x0439, "i"), (0x043A, "k"), (0x043B, "l"),
            (0x043C, "m"), (0x043D, "n"), (0x043E, "o"), (0x043F, "p"), (0x0440, "r"), (0x0441, "s"),
            (0x0442, "t"), (0x0443, "u"), (0x0444, "f"), (0x0445, "kh"), (0x0446, "ts"), (0x0447, "ch"),
            (0x0448, "sh"), (0x0449, "shch"), (0x044A, "ie"), (0x044B, "y"), (0x044C, ""), (0x044D, "e"),
            (0x044E, "iu"), (0x044F, "ia"),
            (0x0450, "e"), (0x0451, "e"), (0x0452, "d"), (0x0453, "g"), (0x0454, "ie"), (0x0455, "dz"),
            (0x0456, "i"), (0x0457, "i"), (0x0458, "j"), (0x0459, "lj"), (0x045A, "nj"), (0x045B, "c"),
            (0x045C, "k"), (0x045D, "i"), (0x045E, "u"), (0x045F, "dz"), (0x0491, "g"),
        ]
        return Dictionary(uniqueKeysWithValues: table.map { ($0.0, Array($0.1.utf8)) })
    }()

    // MARK: Greek (ELOT 743, as in Greek passports)

    private static let greek: [UInt32: String] = [
        0x03B1: "a", 0x03B2: "v", 0x03B3: "g", 0x03B4: "d", 0x03B5: "e", 0x03B6: "z", 0x03B7: "i",
        0x03B8: "th", 0x03B9: "i", 0x03BA: "k", 0x03BB: "l", 0x03BC: "m", 0x03BD: "n", 0x03BE: "x",
        0x03BF: "o", 0x03C0: "p", 0x03C1: "r", 0x03C2: "s", 0x03C3: "s", 0x03C4: "t", 0x03C5: "y",
        0x03C6: "f", 0x03C7: "ch", 0x03C8: "ps", 0x03C9: "o",
    ]

    private static func appendGreek(_ token: [UInt32], at index: Int, to out: inout [UInt8]) -> Int {
        let scalar = token[index]
        let next: UInt32 = index + 1 < token.count ? token[index + 1] : 0
        let atStart = index == 0
        let pair: String? = switch (scalar, next) {
        case (0x03BF, 0x03C5): "ou"                 // ου
        case (0x03B1, 0x03C5): "av"                 // αυ
        case (0x03B5, 0x03C5): "ev"                 // ευ
        case (0x03B7, 0x03C5): "iv"                 // ηυ
        case (0x03BC, 0x03C0): atStart ? "b" : "mp" // μπ
        case (0x03BD, 0x03C4): atStart ? "d" : "nt" // ντ
        case (0x03B3, 0x03B3): "ng"                 // γγ
        case (0x03B3, 0x03BA): atStart ? "g" : "gk" // γκ
        case (0x03B3, 0x03BE): "nx"                 // γξ
        case (0x03B3, 0x03C7): "nch"                // γχ
        default: nil
        }
        if let pair {
            out.append(contentsOf: pair.utf8)
            return 2
        }
        out.append(contentsOf: (greek[scalar] ?? "").utf8)
        return 1
    }

    // MARK: Arabic (and the Persian/Urdu letters of the Arabic block)

    private static let arabic: [UInt32: String] = [
        0x0621: "", 0x0622: "a", 0x0623: "a", 0x0624: "", 0x0625: "i", 0x0626: "", 0x0627: "a", 0x0628: "b",
        0x0629: "a", 0x062A: "t", 0x062B: "th", 0x062C: "j", 0x062D: "h", 0x062E: "kh", 0x062F: "d",
        0x0630: "dh", 0x0631: "r", 0x0632: "z", 0x0633: "s", 0x0634: "sh", 0x0635: "s", 0x0636: "d",
        0x0637: "t", 0x0638: "z", 0x0639: "", 0x063A: "gh", 0x0641: "f", 0x0642: "q", 0x0643: "k",
        0x0644: "l", 0x0645: "m", 0x0646: "n", 0x0647: "h", 0x0648: "w", 0x0649: "a", 0x064A: "y",
    ]

    private static let arabicExtra: [UInt32: String] = [
        0x0671: "a", 0x067E: "p", 0x0686: "ch", 0x0698: "zh", 0x06A9: "k", 0x06AF: "g", 0x06CC: "y",
    ]

    private static let alef: UInt32 = 0x0627

    private static func appendArabic(_ token: [UInt32], at index: Int, to out: inout [UInt8]) -> Int {
        let scalar = token[index]
        let previous: UInt32 = index > 0 ? token[index - 1] : 0
        switch scalar {
        case 0x0639 where index == 0, 0x0621 where index == 0, 0x0623 where index == 0:
            // ʿayn or hamza opening a name is heard as its vowel (عمر Omar, أحمد Ahmed).
            out.append(UInt8(ascii: "a"))
        case 0x0648, 0x064A, 0x06CC:
            // و and ي are consonants at the start or after alif, long vowels after a consonant.
            let consonant = index > 0 && previous != alef
            let isWaw = scalar == 0x0648
            out.append(UInt8(ascii: consonant ? (isWaw ? "u" : "i") : (isWaw ? "w" : "y")))
        default:
            out.append(contentsOf: (arabic[scalar] ?? arabicExtra[scalar] ?? "").utf8)
        }
        return 1
    }

    /// Whether a token opens with the Arabic definite article ال (and has more after it).
    static func startsWithArabicArticle(_ token: [UInt32]) -> Bool {
        token.count > 3 && token[0] == alef && token[1] == 0x0644
    }
}
