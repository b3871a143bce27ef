public import Foundation

/// A date and time with an explicit UTC offset (`2026-03-14T08:35:00-06:00`), as carried by
/// every message.
///
/// Keeps the local wall time, the fraction digits and the offset exactly as written, so
/// decoding then encoding reproduces the same text (a schedule stays in the airport's local
/// time). Equality, hashing and ordering are by instant: `12:00:00Z` equals `06:00:00-06:00`
/// and `12:00:00.50Z` equals `12:00:00.5Z`; compare `description` for the written form.
///
/// Canonical form when built from a `Date`: `YYYY-MM-DDThh:mm:ss`, then `.` and exactly the
/// requested number of fraction digits (none by default), then `Z` for UTC or `±hh:mm`.
/// Years are limited to 1...9999.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The local calendar date as written.
    public let localDate: CalendarDate
    /// 0...23, or 24 for `24:00:00` (the end of the day, which `xs:dateTime` allows).
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// The digits after the decimal point as written (may end in zeros); empty when none.
    public let fractionDigits: String
    public let utcOffset: UTCOffset

    /// A timestamp from its parts; nil when a part is out of range or `fractionDigits` is not
    /// all ASCII digits.
    public init?(localDate: CalendarDate, hour: Int, minute: Int, second: Int,
                 fractionDigits: String = "", utcOffset: UTCOffset = .utc) {
        guard (0...59).contains(minute), (0...59).contains(second),
              fractionDigits.isEmpty || LexicalDigits.allDigits(fractionDigits.utf8) else { return nil }
        let endOfDay = hour == 24 && minute == 0 && second == 0 && fractionDigits.utf8.allSatisfy { $0 == 0x30 }
        guard (0...23).contains(hour) || endOfDay else { return nil }
        self.localDate = localDate
        self.hour = hour
        self.minute = minute
        self.second = second
        self.fractionDigits = fractionDigits
        self.utcOffset = utcOffset
    }

    /// Parses `YYYY-MM-DDThh:mm:ss[.fff…](Z|±hh:mm)`: the schema's `Timestamp` with a
    /// four-digit year. Nil for anything else.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
              bytes[16] == UInt8(ascii: ":"),
              let date = CalendarDate(String(decoding: bytes[0..<10], as: UTF8.self)),
              let hour = LexicalDigits.value(bytes[11..<13]),
              let minute = LexicalDigits.value(bytes[14..<16]),
              let second = LexicalDigits.value(bytes[17..<19]) else { return nil }
        var index = 19
        var fraction = ""
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index > start else { return nil }
            fraction = String(decoding: bytes[start..<index], as: UTF8.self)
        }
        guard let offset = UTCOffset(String(decoding: bytes[index...], as: UTF8.self)) else { return nil }
        self.init(localDate: date, hour: hour, minute: minute, second: second, fractionDigits: fraction, utcOffset: offset)
    }

    /// The instant `date` as wall time at `utcOffset`, with `fractionDigits` (0...9) digits of
    /// the second, truncated.
    ///
    /// - Precondition: the local date falls in years 1...9999.
    public init(_ date: Date, utcOffset: UTCOffset = .utc, fractionDigits: Int = 0) {
        let interval = date.timeIntervalSince1970
        precondition(interval.isFinite && abs(interval) < 400_000_000_000, "Timestamp supports years 1...9999")
        let whole = interval.rounded(.down)
        let digits = min(max(fractionDigits, 0), 9)
        var fraction = ""
        if digits > 0 {
            let scale = Double(Int(pow(10.0, Double(digits))))
            let scaled = min(((interval - whole) * scale).rounded(.down), scale - 1)
            fraction = LexicalDigits.padded(Int(scaled), digits)
        }
        let local = Int(whole) + utcOffset.minutes * 60
        let (days, secondOfDay) = CivilCalendar.split(secondsSince1970: local)
        guard let localDate = CalendarDate(daysSince1970: days) else {
            preconditionFailure("Timestamp supports years 1...9999; \(date) is outside them")
        }
        self.localDate = localDate
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
        self.fractionDigits = fraction
        self.utcOffset = utcOffset
    }

    /// Whole seconds since 1970-01-01T00:00:00Z (the fraction is in `fractionDigits`).
    public var secondsSince1970: Int {
        localDate.daysSince1970 * CivilCalendar.secondsPerDay + hour * 3600 + minute * 60 + second - utcOffset.minutes * 60
    }

    /// The instant as a Foundation `Date` (fraction digits beyond about microseconds are lost
    /// to `Double` precision).
    public var instant: Date {
        let fraction = fractionDigits.isEmpty ? 0 : Double("0." + fractionDigits.prefix(9)) ?? 0
        return Date(timeIntervalSince1970: Double(secondsSince1970) + fraction)
    }

    /// The lexical form exactly as written (or in canonical form when built from a `Date`).
    public var description: String {
        var text = localDate.description + "T" + LexicalDigits.padded(hour, 2) + ":" + LexicalDigits.padded(minute, 2)
            + ":" + LexicalDigits.padded(second, 2)
        if !fractionDigits.isEmpty { text += "." + fractionDigits }
        return text + utcOffset.description
    }

    /// The fraction without trailing zeros: the part that matters for the instant.
    private var significantFraction: Substring {
        var digits = Substring(fractionDigits)
        while digits.last == "0" { digits = digits.dropLast() }
        return digits
    }

    public static func == (a: Timestamp, b: Timestamp) -> Bool {
        a.secondsSince1970 == b.secondsSince1970 && a.significantFraction == b.significantFraction
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(secondsSince1970)
        hasher.combine(significantFraction)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        if a.secondsSince1970 != b.secondsSince1970 { return a.secondsSince1970 < b.secondsSince1970 }
        let x = a.significantFraction, y = b.significantFraction
        let width = max(x.count, y.count)
        // Equal-width digit strings order like the numbers they spell.
        return x + String(repeating: "0", count: width - x.count) < y + String(repeating: "0", count: width - y.count)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let timestamp = Timestamp(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a timestamp with a UTC offset")
        }
        self = timestamp
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
