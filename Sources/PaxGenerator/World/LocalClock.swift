public import PaxMessages

/// Instants (seconds since 1970, UTC) shown as a place's wall clock, as the messages write
/// schedules: local date and time with the offset in force.
public enum LocalClock {
    /// The timestamp of `utcSeconds` on the wall clock of `zone`; nil outside years 1...9999.
    public static func timestamp(utcSeconds: Int, zone: ZoneRule) -> Timestamp? {
        timestamp(utcSeconds: utcSeconds, offsetMinutes: zone.offsetMinutes(atUTC: utcSeconds))
    }

    /// The timestamp of `utcSeconds` at a fixed offset (whole seconds, no fraction); nil
    /// outside years 1...9999 or beyond ±14:00.
    public static func timestamp(utcSeconds: Int, offsetMinutes: Int) -> Timestamp? {
        let local = utcSeconds + offsetMinutes * 60
        let (days, secondOfDay) = CivilCalendar.split(secondsSince1970: local)
        guard let date = CalendarDate(daysSince1970: days), let offset = UTCOffset(minutes: offsetMinutes) else { return nil }
        return Timestamp(localDate: date, hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60,
                         second: secondOfDay % 60, utcOffset: offset)
    }
}
