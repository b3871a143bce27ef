import PaxMessages

/// When a time zone keeps summer time, as tzdata's current rules state it (checked against
/// Foundation's `TimeZone` for every embedded airport in the tests).
///
/// The rules are applied to every year: they are the rules in force from 2024 on, so dates
/// before a country last changed its rules (Mexico 2022, Egypt 2023, ...) get today's rule.
public enum DaylightSavingRule: String, Sendable, Hashable, CaseIterable {
    /// United States and Canada: second Sunday of March 02:00 to first Sunday of November 02:00, wall clock.
    case northAmerica
    /// European Union, United Kingdom, Switzerland: last Sunday of March to last Sunday of October, 01:00 UTC.
    case europe
    /// Chile: first Sunday on or after 2 September 04:00 UTC to first Sunday on or after 2 April 03:00 UTC.
    case chile
    /// New South Wales and Victoria: first Sunday of October to first Sunday of April, 02:00 standard time.
    case southeastAustralia
    /// New Zealand: last Sunday of September to first Sunday of April, 02:00 standard time.
    case newZealand
    /// Egypt (since 2023): last Friday of April 00:00 to last Thursday of October 24:00, wall clock.
    case egypt
    /// Israel: Friday on or after 23 March 02:00 to last Sunday of October 02:00, wall clock.
    case israel

    /// Minutes added to standard time while the rule is in effect.
    public var saveMinutes: Int { 60 }

    /// The UTC instants (seconds since 1970) at which summer time starts and ends in `year`.
    func transitions(year: Int, standardOffsetMinutes: Int) -> (start: Int, end: Int) {
        let start: Transition, end: Transition
        switch self {
        case .northAmerica:
            start = Transition(month: 3, day: .weekdayOnOrAfter(0, 8), minuteOfDay: 120, clock: .wall)
            end = Transition(month: 11, day: .weekdayOnOrAfter(0, 1), minuteOfDay: 120, clock: .wall)
        case .europe:
            start = Transition(month: 3, day: .lastWeekday(0), minuteOfDay: 60, clock: .utc)
            end = Transition(month: 10, day: .lastWeekday(0), minuteOfDay: 60, clock: .utc)
        case .chile:
            start = Transition(month: 9, day: .weekdayOnOrAfter(0, 2), minuteOfDay: 240, clock: .utc)
            end = Transition(month: 4, day: .weekdayOnOrAfter(0, 2), minuteOfDay: 180, clock: .utc)
        case .southeastAustralia:
            start = Transition(month: 10, day: .weekdayOnOrAfter(0, 1), minuteOfDay: 120, clock: .standard)
            end = Transition(month: 4, day: .weekdayOnOrAfter(0, 1), minuteOfDay: 120, clock: .standard)
        case .newZealand:
            start = Transition(month: 9, day: .lastWeekday(0), minuteOfDay: 120, clock: .standard)
            end = Transition(month: 4, day: .weekdayOnOrAfter(0, 1), minuteOfDay: 120, clock: .standard)
        case .egypt:
            start = Transition(month: 4, day: .lastWeekday(5), minuteOfDay: 0, clock: .wall)
            end = Transition(month: 10, day: .lastWeekday(4), minuteOfDay: 24 * 60, clock: .wall)
        case .israel:
            start = Transition(month: 3, day: .weekdayOnOrAfter(5, 23), minuteOfDay: 120, clock: .wall)
            end = Transition(month: 10, day: .lastWeekday(0), minuteOfDay: 120, clock: .wall)
        }
        // A wall-clock start is read in standard time, a wall-clock end in summer time.
        return (start.instant(year: year, wallOffset: standardOffsetMinutes, standardOffset: standardOffsetMinutes),
                end.instant(year: year, wallOffset: standardOffsetMinutes + saveMinutes, standardOffset: standardOffsetMinutes))
    }

    /// One change of clock, as tzdata writes it: a day rule, a time of day and the clock it is read on.
    struct Transition {
        enum Day {
            /// The first `weekday` (0 = Sunday) on or after day `day` of the month.
            case weekdayOnOrAfter(Int, Int)
            /// The last `weekday` (0 = Sunday) of the month.
            case lastWeekday(Int)
        }

        enum Clock { case utc, standard, wall }

        var month: Int
        var day: Day
        var minuteOfDay: Int
        var clock: Clock

        func instant(year: Int, wallOffset: Int, standardOffset: Int) -> Int {
            let dayNumber: Int
            switch day {
            case let .weekdayOnOrAfter(weekday, first):
                let start = CivilCalendar.daysSince1970(year: year, month: month, day: first)
                dayNumber = start + (weekday - CivilCalendar.weekday(daysSince1970: start) + 7) % 7
            case let .lastWeekday(weekday):
                let last = CivilCalendar.daysSince1970(year: year, month: month, day: CivilCalendar.daysIn(month: month, year: year))
                dayNumber = last - (CivilCalendar.weekday(daysSince1970: last) - weekday + 7) % 7
            }
            let offset: Int
            switch clock {
            case .utc: offset = 0
            case .standard: offset = standardOffset
            case .wall: offset = wallOffset
            }
            return (dayNumber * 1440 + minuteOfDay - offset) * 60
        }
    }
}
