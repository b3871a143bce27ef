/// Russian Cyrillic to Latin, as documents write it (ICAO Doc 9303 Part 3, since 2013)
/// and as older passports, visas and the press often did.
public enum CyrillicTransliteration {
    public enum Scheme: Sendable, Hashable {
        /// ICAO Doc 9303: Й -> I, Ю -> IU, Я -> IA, Ъ -> IE, Ь dropped (`IURII`, `NATALIA`).
        case icao9303
        /// The older "popular" form (BGN/PCGN-like): Й -> Y, Ю -> YU, Я -> YA, Ё -> YO
        /// (`YURIY`, `NATALYA`, `FYODOROV`).
        case popular
    }

    /// `text` in upper-case Latin letters; characters that are not Russian letters are kept.
    public static func latin(_ text: String, scheme: Scheme) -> String {
        var result = ""
        for character in text.uppercased() {
            if let mapped = table(scheme)[character] {
                result += mapped
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func table(_ scheme: Scheme) -> [Character: String] {
        scheme == .icao9303 ? icao : popular
    }

    private static let common: [Character: String] = [
        "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ж": "ZH", "З": "Z", "И": "I",
        "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U",
        "Ф": "F", "Х": "KH", "Ц": "TS", "Ч": "CH", "Ш": "SH", "Щ": "SHCH", "Ы": "Y", "Э": "E",
    ]

    private static let icao: [Character: String] = common.merging(
        ["Ё": "E", "Й": "I", "Ъ": "IE", "Ь": "", "Ю": "IU", "Я": "IA"], uniquingKeysWith: { $1 })

    private static let popular: [Character: String] = common.merging(
        ["Ё": "YO", "Й": "Y", "Ъ": "", "Ь": "", "Ю": "YU", "Я": "YA"], uniquingKeysWith: { $1 })
}
