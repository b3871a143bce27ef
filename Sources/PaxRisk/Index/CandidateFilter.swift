import PaxMessages

/// A 40-bit tag stored with every name in the blocking tables: what the entry knows of the
/// birth date and nationality, and the most evidence the name can add. From it and the traveller's date of
/// birth, candidate collection bounds a candidate's evidence and drops the hopeless ones
/// without reading anything else of the entry (which, spread over a large list, would cost a
/// cache miss or more each).
///
/// Layout: bits 0-1 kind (none, exact, year, range); exact: year 2-13, month 14-17, day 18-22;
/// year: year 2-13; range: first year 2-13, years to the last 14-19, range evidence in
/// quarters 20-23; bits 24-31 the name's maximum evidence in quarters, rounded up; bits 32-39
/// the nationality: 0 none listed, 1 several, else 2 + a 6-bit hash of the only one.
enum CandidateFilter {
    static func tag(birthDate: WatchListBirthDate?, nameMaximum: Double, nationalities: [CountryCode]) -> UInt64 {
        var tag: UInt32 = 0
        switch birthDate {
        case let date? where !(1...maximumYear).contains(date.latestYear):
            // Years the tag cannot hold: an exact date with month 0, which bounds nothing.
            tag = 1
        case .exact(let date):
            tag = 1 | UInt32(date.year & 0xFFF) << 2 | UInt32(date.month) << 14 | UInt32(date.day) << 18
        case .year(let year):
            tag = 2 | UInt32(truncatingIfNeeded: year & 0xFFF) << 2
        case .range(let from, let to):
            let span = UInt32(min(63, max(0, to.year - from.year)))
            let evidence = MatchScorer.birthDateEvidence(.withinRange, rangeDays: to.daysSince1970 - from.daysSince1970 + 1)
            tag = 3 | UInt32(from.year & 0xFFF) << 2 | span << 14 | UInt32(min(15, (evidence * 4).rounded(.up))) << 20
        case nil:
            break
        }
        tag |= UInt32(min(255, max(0, (nameMaximum * 4).rounded(.up)))) << 24
        let nationality: UInt64 = nationalities.isEmpty ? 0 : nationalities.count > 1 ? 1 : 2 + nationalityHash(nationalities[0])
        return UInt64(tag) | nationality << 32
    }

    /// The largest year the tag holds (12 bits).
    static let maximumYear = 0xFFF

    /// A 6-bit hash of a country code.
    static func nationalityHash(_ code: CountryCode) -> UInt64 {
        UInt64((PackedEntry.pack(code) &* 2_654_435_761) >> 26)
    }

    /// The best nationality evidence a candidate tagged `tag` can have for a traveller whose
    /// nationality hashes to `hash`.
    @inline(__always)
    static func nationalityBound(_ tag: UInt64, hash: UInt64) -> Double {
        switch tag >> 32 {
        case 0: 0
        case 1: MatchScorer.nationalityAgreement
        case let code: code - 2 == hash ? MatchScorer.nationalityAgreement : MatchScorer.nationalityDisagreement
        }
    }

    /// The most evidence the name of a candidate tagged `tag` can add.
    @inline(__always)
    static func nameMaximum(_ tag: UInt64) -> Double {
        Double(UInt32(truncatingIfNeeded: tag) >> 24) / 4
    }

    /// An upper bound (here: the value) of the birth-date evidence of a candidate tagged `tag`
    /// against a traveller born on the given date.
    @inline(__always)
    static func birthBound(_ tag64: UInt64, year: Int, month: Int, day: Int) -> Double {
        let tag = UInt32(truncatingIfNeeded: tag64)
        let birth: Double
        switch tag & 3 {
        case 1:
            let y = Int(tag >> 2 & 0xFFF), m = Int(tag >> 14 & 0xF), d = Int(tag >> 18 & 0x1F)
            if m == 0 { birth = MatchScorer.birthDateEvidence(.exact, rangeDays: 0) }
            else if y == year && m == month && d == day { birth = MatchScorer.birthDateEvidence(.exact, rangeDays: 0) }
            else if y == year && m == day && d == month { birth = MatchScorer.birthDateEvidence(.dayMonthSwapped, rangeDays: 0) }
            else if abs(y - year) == 1 && m == month && d == day { birth = MatchScorer.birthDateEvidence(.yearOffByOne, rangeDays: 0) }
            else if y == year && m == month { birth = MatchScorer.birthDateEvidence(.sameYearAndMonth, rangeDays: 0) }
            else { birth = MatchScorer.birthDateEvidence(.mismatch, rangeDays: 0) }
        case 2:
            let y = Int(tag >> 2 & 0xFFF)
            birth = MatchScorer.birthDateEvidence(y == year ? .sameYear : abs(y - year) == 1 ? .nearYear : .mismatch, rangeDays: 0)
        case 3:
            let from = Int(tag >> 2 & 0xFFF), to = from + Int(tag >> 14 & 0x3F)
            if from <= year && year <= to { birth = Double(tag >> 20 & 0xF) / 4 }
            else if from - 1 <= year && year <= to + 1 { birth = max(Double(tag >> 20 & 0xF) / 4, MatchScorer.birthDateEvidence(.nearRange, rangeDays: 0)) }
            else { birth = MatchScorer.birthDateEvidence(.mismatch, rangeDays: 0) }
        default:
            birth = 0
        }
        return birth
    }
}

private extension WatchListBirthDate {
    /// The last year the date allows.
    var latestYear: Int {
        switch self {
        case .exact(let date): date.year
        case .year(let year): year
        case .range(_, let to): to.year
        }
    }
}
