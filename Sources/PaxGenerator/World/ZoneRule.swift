import PaxMessages

/// The UTC offset rules of one IANA time zone: its standard offset and, if it has one, its
/// summer-time rule. Enough to turn an airport's local schedule into instants and back.
public struct ZoneRule: Sendable, Hashable {
    /// IANA identifier, e.g. `America/El_Salvador`.
    public let identifier: String
    /// Standard offset east of UTC, in minutes.
    public let standardOffsetMinutes: Int
    public let daylightSaving: DaylightSavingRule?

    public init(_ identifier: String, standard minutes: Int, daylightSaving: DaylightSavingRule? = nil) {
        self.identifier = identifier
        standardOffsetMinutes = minutes
        self.daylightSaving = daylightSaving
    }

    /// The offset in minutes in force at the instant `utcSeconds` (seconds since 1970).
    public func offsetMinutes(atUTC utcSeconds: Int) -> Int {
        guard let rule = daylightSaving else { return standardOffsetMinutes }
        let localDays = CivilCalendar.split(secondsSince1970: utcSeconds + standardOffsetMinutes * 60).days
        let year = CivilCalendar.date(daysSince1970: localDays).year
        let (start, end) = rule.transitions(year: year, standardOffsetMinutes: standardOffsetMinutes)
        let inSummer = start < end ? (utcSeconds >= start && utcSeconds < end) : (utcSeconds >= start || utcSeconds < end)
        return standardOffsetMinutes + (inSummer ? rule.saveMinutes : 0)
    }

    /// The instant of local wall time `localSeconds` (seconds since 1970 on the local clock).
    /// In a skipped hour the pre-change offset is used; in a repeated hour the earlier instant.
    public func utcSeconds(forLocal localSeconds: Int) -> Int {
        let standardGuess = localSeconds - standardOffsetMinutes * 60
        let summerOffset = standardOffsetMinutes + (daylightSaving?.saveMinutes ?? 0)
        let summerGuess = localSeconds - summerOffset * 60
        // The earlier instant whose offset reproduces the local time, else the standard reading.
        if daylightSaving != nil, offsetMinutes(atUTC: summerGuess) == summerOffset { return summerGuess }
        return standardGuess
    }
}
