import PaxMessages

/// What the screener checks of an entry before comparing names, packed without references so
/// that reading it in the hot path copies a few words and touches no reference counts.
struct PackedEntry: Sendable {
    enum BirthKind: UInt8, Sendable { case none, exact, year, range }

    var birthKind: BirthKind
    /// Exact: the date's parts; year: the year.
    var year: Int32
    var month: UInt8
    var day: UInt8
    /// Range: first and last day (days since 1970).
    var fromDays: Int32
    var toDays: Int32
    /// The entry's nationalities are `CompiledWatchList.nationalityCodes[nationalityStart..<+nationalityCount]`.
    var nationalityStart: UInt32
    var nationalityCount: UInt8
    /// Its documents are `CompiledWatchList.documents[documentStart..<+documentCount]`.
    var documentStart: UInt32
    var documentCount: UInt8
    /// The first nationality's index in `TokenStatistics`, or -1.
    var nationalityIndex: Int32
    /// The entry's names are `firstName..<firstName + nameCount` (consecutive ids).
    var firstName: UInt32
    var nameCount: UInt32

    init(birthDate: WatchListBirthDate?) {
        birthKind = .none
        year = 0; month = 0; day = 0; fromDays = 0; toDays = 0
        nationalityStart = 0; nationalityCount = 0; documentStart = 0; documentCount = 0
        nationalityIndex = -1; firstName = 0; nameCount = 0
        switch birthDate {
        case .exact(let date):
            birthKind = .exact
            year = Int32(date.year); month = UInt8(date.month); day = UInt8(date.day)
        case .year(let y):
            birthKind = .year
            year = Int32(truncatingIfNeeded: y)
        case .range(let from, let to):
            birthKind = .range
            fromDays = Int32(from.daysSince1970); toDays = Int32(to.daysSince1970)
        case nil:
            break
        }
    }

    var statisticsNationality: Int? { nationalityIndex >= 0 ? Int(nationalityIndex) : nil }

    /// `BirthDateAgreement.compare` on the packed date, with the evidence it carries.
    @inline(__always)
    func birth(_ date: CalendarDate, days: Int) -> (BirthDateAgreement, Double) {
        let agreement: BirthDateAgreement
        switch birthKind {
        case .none:
            return (.unknown, 0)
        case .exact:
            let y = Int(year), m = Int(month), d = Int(day)
            if y == date.year && m == date.month && d == date.day { agreement = .exact }
            else if y == date.year && m == date.day && d == date.month { agreement = .dayMonthSwapped }
            else if abs(y - date.year) == 1 && m == date.month && d == date.day { agreement = .yearOffByOne }
            else if y == date.year && m == date.month { agreement = .sameYearAndMonth }
            else { agreement = .mismatch }
            return (agreement, MatchScorer.birthDateEvidence(agreement, rangeDays: 0))
        case .year:
            let y = Int(year)
            agreement = y == date.year ? .sameYear : abs(y - date.year) == 1 ? .nearYear : .mismatch
            return (agreement, MatchScorer.birthDateEvidence(agreement, rangeDays: 0))
        case .range:
            let from = Int(fromDays), to = Int(toDays)
            if from <= days && days <= to { agreement = .withinRange }
            else { agreement = (days < from ? from - days : days - to) <= 366 ? .nearRange : .mismatch }
            return (agreement, MatchScorer.birthDateEvidence(agreement, rangeDays: to - from + 1))
        }
    }

    /// A country code packed for comparison: its three letters, or a hash for anything else.
    static func pack(_ code: CountryCode) -> UInt32 {
        let bytes = code.rawValue.utf8
        if bytes.count <= 3 { return bytes.reduce(0) { $0 << 8 | UInt32($1) } }
        var h: UInt32 = 2_166_136_261
        for byte in bytes { h = (h ^ UInt32(byte)) &* 16_777_619 }
        return h | 0x8000_0000
    }
}
