/// Day arithmetic on the proleptic Gregorian calendar in plain integers (no Foundation
/// calendar, whose results could depend on locale or platform): the one copy behind
/// `CalendarDate`, `Timestamp`, the generator's time zones and the exchange's clock text.
public enum CivilCalendar {
    /// Seconds in a civil day (no leap seconds, as in `xs:dateTime` and Unix time).
    public static let secondsPerDay = 86_400

    /// Days from 1970-01-01 to the date (negative before it); Howard Hinnant's days_from_civil.
    /// `month` is 1...12; `day` may run past the month's end (it simply counts on).
    public static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days after 1970-01-01; Howard Hinnant's civil_from_days.
    public static func date(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The day of the week of a day number: 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday).
    public static func weekday(daysSince1970 days: Int) -> Int {
        ((days + 4) % 7 + 7) % 7
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1...12) of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Seconds since 1970 (or on a local clock since its 1970) split into the day number and
    /// the second of that day (0..<86,400), also for instants before 1970.
    public static func split(secondsSince1970 seconds: Int) -> (days: Int, secondOfDay: Int) {
        let days = floorDivide(seconds, secondsPerDay)
        return (days, seconds - days * secondsPerDay)
    }

    /// `a / b` rounded towards negative infinity (`b` > 0).
    public static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}
