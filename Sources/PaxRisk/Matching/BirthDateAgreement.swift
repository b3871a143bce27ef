public import PaxMessages

/// How a traveller's date of birth compares with what a watch-list entry knows of it, with the
/// tolerances real data needs: a year off by one, day and month swapped (US vs European
/// order), year-only entries and ranges.
public enum BirthDateAgreement: String, Sendable, Hashable, Codable, CaseIterable {
    /// The same date.
    case exact
    /// The same year with day and month swapped (e.g. 1980-04-12 vs 1980-12-04).
    case dayMonthSwapped
    /// The same day and month, the year off by one.
    case yearOffByOne
    /// The same year and month, another day (a typo in the day).
    case sameYearAndMonth
    /// The entry knows only the year, and it is the traveller's.
    case sameYear
    /// The entry knows only the year, one off the traveller's.
    case nearYear
    /// The entry gives a range that contains the date.
    case withinRange
    /// The entry gives a range that misses the date by at most a year.
    case nearRange
    /// Both are known and disagree beyond every tolerance.
    case mismatch
    /// The entry has no birth date.
    case unknown

    /// Compares a traveller's date of birth with an entry's (the rules live in
    /// `PackedEntry.birth`, which screening uses on its packed copy of the entry).
    public static func compare(_ date: CalendarDate, with entry: WatchListBirthDate?) -> BirthDateAgreement {
        PackedEntry(birthDate: entry).birth(date, days: date.daysSince1970).0
    }

    /// Whether this counts as the date of birth matching (for the matched-fields list).
    public var isAgreement: Bool {
        switch self {
        case .exact, .dayMonthSwapped, .yearOffByOne, .sameYear, .withinRange: true
        case .sameYearAndMonth, .nearYear, .nearRange, .mismatch, .unknown: false
        }
    }
}
