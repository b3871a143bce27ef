import Foundation
import PaxMessages
import Testing

@Suite struct CivilCalendarTests {
    /// Every 97th day from 0001-01-01 to 9999-12-31 agrees with Foundation's Gregorian calendar
    /// in UTC, both ways, with the right weekday and month lengths.
    @Test func agreesWithFoundationsGregorianCalendar() throws {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = try #require(TimeZone(identifier: "UTC"))
        let first = CivilCalendar.daysSince1970(year: 1, month: 1, day: 1)
        let last = CivilCalendar.daysSince1970(year: 9999, month: 12, day: 31)
        for days in stride(from: first, through: last, by: 97) {
            let date = CivilCalendar.date(daysSince1970: days)
            #expect(CivilCalendar.daysSince1970(year: date.year, month: date.month, day: date.day) == days)
            let instant = Date(timeIntervalSince1970: Double(days * CivilCalendar.secondsPerDay))
            let parts = gregorian.dateComponents([.year, .month, .day, .weekday], from: instant)
            guard date.year >= 1583 else { continue } // Foundation switches to Julian before 1582
            #expect([parts.year, parts.month, parts.day] == [date.year, date.month, date.day], "day \(days)")
            #expect(parts.weekday.map { $0 - 1 } == CivilCalendar.weekday(daysSince1970: days))
            #expect(gregorian.range(of: .day, in: .month, for: instant)?.count == CivilCalendar.daysIn(month: date.month, year: date.year))
        }
    }

    @Test func splitsInstantsBefore1970IntoDayAndSecond() {
        #expect(CivilCalendar.split(secondsSince1970: 0).days == 0 && CivilCalendar.split(secondsSince1970: 0).secondOfDay == 0)
        #expect(CivilCalendar.split(secondsSince1970: -1).days == -1 && CivilCalendar.split(secondsSince1970: -1).secondOfDay == 86_399)
        #expect(CivilCalendar.split(secondsSince1970: 86_400).days == 1 && CivilCalendar.split(secondsSince1970: 86_400).secondOfDay == 0)
        #expect(CivilCalendar.split(secondsSince1970: -86_401).days == -2 && CivilCalendar.split(secondsSince1970: -86_401).secondOfDay == 86_399)
        #expect(CalendarDate(daysSince1970: -1)?.description == "1969-12-31")
        #expect(CalendarDate("2024-02-29")?.daysSince1970 == 19_782)
        #expect(CivilCalendar.isLeapYear(2000) && !CivilCalendar.isLeapYear(1900) && CivilCalendar.isLeapYear(2024))
    }
}
