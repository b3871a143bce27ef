import PaxMessages

/// PAXLST dates and times: DTM values in formats 101 (`YYMMDD`), 102 (`CCYYMMDD`), 201
/// (`YYMMDDHHMM`), 203 (`CCYYMMDDHHMM`) and 204 (`CCYYMMDDHHMMSS`). Two-digit years are placed
/// by what the date is: a birth date is not after the message, an expiry is at most 60
/// years after it.
enum PAXLSTDates {
    enum Kind { case birth, expiry }

    /// A date from `text` (6 or 8 digits; extra digits are a time and ignored).
    static func date(_ text: String, kind: Kind, reference: CalendarDate) -> CalendarDate? {
        let digits = Array(text.utf8.filter { $0 != 0x20 })
        guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= digits.count else { return nil }
            return digits[range].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        if digits.count == 8 {
            guard let y = number(0..<4), let m = number(4..<6), let d = number(6..<8) else { return nil }
            return CalendarDate(year: y, month: m, day: d)
        }
        guard digits.count == 6, let yy = number(0..<2), let m = number(2..<4), let d = number(4..<6) else { return nil }
        let century = reference.year / 100 * 100
        switch kind {
        case .birth:
            if let candidate = CalendarDate(year: century + yy, month: m, day: d), candidate <= reference { return candidate }
            return CalendarDate(year: century - 100 + yy, month: m, day: d)
        case .expiry:
            if let candidate = CalendarDate(year: century + yy, month: m, day: d), candidate.year <= reference.year + 60,
               candidate.year >= reference.year - 39 { return candidate }
            let later = CalendarDate(year: century + 100 + yy, month: m, day: d)
            if let later, later.year <= reference.year + 60 { return later }
            return CalendarDate(year: century - 100 + yy, month: m, day: d)
        }
    }

    /// The DTM value and format for a date: `YYMMDD` when it reads back the same, otherwise
    /// `CCYYMMDD` with format 102.
    static func write(_ date: CalendarDate, kind: Kind, reference: CalendarDate) -> [String] {
        let short = pad(date.year % 100) + pad(date.month) + pad(date.day)
        if PAXLSTDates.date(short, kind: kind, reference: reference) == date { return [short] }
        return [pad(date.year, 4) + pad(date.month) + pad(date.day), "102"]
    }

    /// Local date and time from a DTM value (`YYMMDDHHMM`, `CCYYMMDDHHMM`, `CCYYMMDDHHMMSS`).
    static func localTime(_ text: String) -> (date: CalendarDate, hour: Int, minute: Int, second: Int)? {
        let digits = Array(text.utf8.filter { $0 != 0x20 })
        guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let year: Int, rest: Int
        switch digits.count {
        case 10: (year, rest) = (2000 + number(0..<2), 2)
        case 12, 14: (year, rest) = (number(0..<4), 4)
        default: return nil
        }
        guard let date = CalendarDate(year: year, month: number(rest..<rest + 2), day: number(rest + 2..<rest + 4)) else { return nil }
        let hour = number(rest + 4..<rest + 6), minute = number(rest + 6..<rest + 8)
        let second = digits.count == 14 ? number(12..<14) : 0
        guard hour <= 23, minute <= 59, second <= 59 else { return nil }
        return (date, hour, minute, second)
    }

    /// DTM value and format for a local time: 201 when it fits, else 203 or 204.
    static func write(local timestamp: Timestamp) -> [String] {
        let date = timestamp.localDate
        let tail = pad(date.month) + pad(date.day) + pad(timestamp.hour) + pad(timestamp.minute)
        if timestamp.second != 0 || !timestamp.fractionDigits.isEmpty {
            return [pad(date.year, 4) + tail + pad(timestamp.second), "204"]
        }
        if (2000...2099).contains(date.year) { return [pad(date.year % 100) + tail, "201"] }
        return [pad(date.year, 4) + tail, "203"]
    }

    /// The UTC calendar date of an instant.
    static func utcDate(_ timestamp: Timestamp) -> CalendarDate {
        let seconds = timestamp.secondsSince1970
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return CalendarDate(daysSince1970: days) ?? timestamp.localDate
    }

    /// `CCYYMMDDHHMMSS` of an instant in UTC (DTM format 204).
    static func utcStamp(_ timestamp: Timestamp) -> String {
        let seconds = timestamp.secondsSince1970
        let date = utcDate(timestamp)
        let secondOfDay = seconds - date.daysSince1970 * 86_400
        return pad(date.year, 4) + pad(date.month) + pad(date.day) + pad(secondOfDay / 3600) + pad(secondOfDay % 3600 / 60)
            + pad(secondOfDay % 60)
    }

    static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
