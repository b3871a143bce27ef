/// A calendar date without a time zone (`YYYY-MM-DD`): dates of birth, document expiry dates.
///
/// Years 1 to 9999, months and days checked against the proleptic Gregorian calendar, as
/// `xs:date` does. Ordered chronologically.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A date, or nil when the day does not exist (e.g. 2023-02-29) or the year is outside 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilCalendar.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses the lexical form `YYYY-MM-DD` (exactly four year digits, no time zone).
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = LexicalDigits.value(bytes[0..<4]),
              let month = LexicalDigits.value(bytes[5..<7]),
              let day = LexicalDigits.value(bytes[8..<10]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date `days` days after 1970-01-01 (negative for earlier dates), or nil outside 1...9999.
    public init?(daysSince1970 days: Int) {
        let date = CivilCalendar.date(daysSince1970: days)
        self.init(year: date.year, month: date.month, day: date.day)
    }

    /// Days from 1970-01-01 to this date (negative before it).
    public var daysSince1970: Int {
        CivilCalendar.daysSince1970(year: year, month: month, day: day)
    }

    /// The date `days` days later (earlier when negative), or nil when that leaves 1...9999.
    public func adding(days: Int) -> CalendarDate? {
        CalendarDate(daysSince1970: daysSince1970 + days)
    }

    /// The lexical form `YYYY-MM-DD`.
    public var description: String {
        LexicalDigits.padded(year, 4) + "-" + LexicalDigits.padded(month, 2) + "-" + LexicalDigits.padded(day, 2)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a date YYYY-MM-DD")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
