public import PaxMessages

/// Time in the exchange: milliseconds since 1970-01-01T00:00:00Z, as an agency's clock reads
/// it. Integer milliseconds keep the simulator exact and its traces byte-stable.
public typealias ExchangeTime = Int64

/// The wire form of `ExchangeTime`: `2026-03-14T08:05:00.250Z` (always UTC, always three
/// fraction digits, so one instant has one spelling and the signature covers it exactly).
public enum ExchangeTimeText {
    public static func format(_ time: ExchangeTime) -> String {
        let millis = Int(((time % 1000) + 1000) % 1000)
        let seconds = Int((time - Int64(millis)) / 1000)
        let (days, secondOfDay) = CivilCalendar.split(secondsSince1970: seconds)
        let date = CalendarDate(daysSince1970: days)?.description ?? "0001-01-01"
        return date + "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay % 3600 / 60, 2) + ":"
            + pad(secondOfDay % 60, 2) + "." + pad(millis, 3) + "Z"
    }

    /// Parses exactly the form `format` writes; nil for anything else.
    public static func parse(_ text: String) -> ExchangeTime? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[23] == UInt8(ascii: "Z"), bytes[19] == UInt8(ascii: "."),
              let stamp = Timestamp(String(decoding: bytes[0..<19], as: UTF8.self) + "Z") else { return nil }
        var millis: Int64 = 0
        for byte in bytes[20..<23] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            millis = millis * 10 + Int64(byte - 0x30)
        }
        return Int64(stamp.secondsSince1970) * 1000 + millis
    }

    /// The `Timestamp` of a message header for `time` (UTC, milliseconds kept).
    public static func timestamp(_ time: ExchangeTime) -> Timestamp {
        let millis = Int(((time % 1000) + 1000) % 1000)
        let seconds = Int((time - Int64(millis)) / 1000)
        let (days, secondOfDay) = CivilCalendar.split(secondsSince1970: seconds)
        let date = CalendarDate(daysSince1970: days) ?? CalendarDate(daysSince1970: 0)
        guard let date, let stamp = Timestamp(localDate: date, hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60,
                                              second: secondOfDay % 60, fractionDigits: pad(millis, 3)) else {
            preconditionFailure("exchange time \(time) is outside the years a Timestamp can hold")
        }
        return stamp
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// Saturating arithmetic on instants and durations that came from the wire or the store:
/// a damaged or hostile value clamps instead of trapping on overflow.
public enum ExchangeTimeArithmetic {
    public static func sum(_ a: ExchangeTime, _ b: ExchangeTime) -> ExchangeTime {
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : value
    }

    public static func difference(_ a: ExchangeTime, _ b: ExchangeTime) -> ExchangeTime {
        let (value, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b < 0 ? .max : .min) : value
    }
}
