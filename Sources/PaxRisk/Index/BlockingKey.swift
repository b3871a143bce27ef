import PaxMessages

/// The blocking keys under which a watch-list name or document is filed and a traveller is
/// looked up, so that only entries sharing something plausible are ever scored.
///
/// - token pair and birth decade: the phonetic keys of two tokens of one name, unordered,
///   with the decade of birth (entries without a birth date under "no decade"). Survives a
///   swapped order, a missing middle name, a typo in any third token, and romanisation
///   variants (same phonetic key).
/// - token and birth date: one token's phonetic key with the exact date of birth. Survives a
///   typo in every other token.
/// - token and birth year: the same for entries that know only the year or a narrow range;
///   buckets holding more than `maximumYearBucket` names are dropped: a token that common
///   (over 1% of year-only entries) weighs under ln(0.95/0.01) ≈ 4.5, too little with a year
///   (≈ 4.2) to reach a hit without a second agreeing token, which the pair keys find.
///
/// Entries are filed under every value a matching traveller could have (decades and years of
/// the year either side, the date with day and month swapped or a year either side), so a
/// traveller probes each key once with their own values.
/// - lone token: for one-token names, which have no pairs.
/// - surname written together: a surname written in two or more words (`ABDEL RAHMAN`,
///   `DE LA CRUZ`) is also filed, and looked up, under the key of its words run together
///   (`abdelrahman`, `delacruz`), paired with each given-name key, with the date or year, and
///   alone when there are no given names; so a name one side writes together and the other
///   apart or hyphenated shares keys.
/// - document: a normalised document number, so a listed document is found whoever presents
///   it. (A number one typo away counts as evidence for candidates found by name, not as a
///   hit on its own, so it needs no key: scoring compares the numbers.)
enum BlockingKey {
    /// Ranges wider than this many years are not filed by year (they would fill every bucket).
    static let maximumRangeYears = 6
    static let maximumYearBucket = 16

    static func pair(_ a: UInt64, _ b: UInt64, decade: Int?) -> UInt64 {
        mix(1, min(a, b) &* 31 &+ max(a, b), UInt64(truncatingIfNeeded: decade ?? -1))
    }

    static func tokenDate(_ key: UInt64, _ date: CalendarDate) -> UInt64 {
        mix(2, key, UInt64(truncatingIfNeeded: date.daysSince1970))
    }

    static func tokenYear(_ key: UInt64, _ year: Int) -> UInt64 {
        mix(5, key, UInt64(truncatingIfNeeded: year))
    }

    static func loneToken(_ key: UInt64) -> UInt64 {
        mix(3, key, 0)
    }

    static func decade(_ year: Int) -> Int { year / 10 }

    /// The distinct non-zero keys of a name's given-name tokens, other than `excluded`.
    static func givenKeys(_ name: NameTokens, excluding excluded: UInt64) -> [UInt64] {
        var result: [UInt64] = []
        for key in name.keys[name.surnameCount...] where key != 0 && key != excluded && !result.contains(key) {
            result.append(key)
        }
        return result
    }

    /// A 64-bit hash of a token's bytes, used as its identity in lookup tables (hashing an
    /// integer is several times cheaper than hashing an array; 64 bits make collisions between
    /// the tokens of any real list practically impossible).
    static func tokenHash(_ token: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in token { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return mix(6, h, UInt64(token.count))
    }

    /// The dates a traveller born on `date` probes: the date, the day/month swap, and the same
    /// day and month a year before and after.
    static func probeDates(_ date: CalendarDate) -> [CalendarDate] {
        var dates = [date]
        if date.day <= 12, date.day != date.month, let swapped = CalendarDate(year: date.year, month: date.day, day: date.month) {
            dates.append(swapped)
        }
        if let before = CalendarDate(year: date.year - 1, month: date.month, day: date.day) { dates.append(before) }
        if let after = CalendarDate(year: date.year + 1, month: date.month, day: date.day) { dates.append(after) }
        return dates
    }

    /// The key of a normalised document number.
    static func document(_ number: [UInt8]) -> UInt64 {
        hash(number)
    }

    private static func hash(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return mix(4, h, UInt64(bytes.count))
    }

    private static func mix(_ family: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        var z = family &* 0x9E37_79B9_7F4A_7C15 ^ a
        z = (z ^ (z >> 31)) &* 0xBF58_476D_1CE4_E5B9 ^ b
        z = (z ^ (z >> 29)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 32)
    }
}
