public import PaxEDIFACTMapping
public import PaxMessages

/// The generator's airport table as a PAXLST clock: the zones (with their daylight-saving
/// rules) that made the generated schedules give the UTC offsets of the local times PAXLST
/// writes in DTM 189/232. Used by `convert`, `validate` and the tests.
public struct WorldAirportClock: AirportClock {
    public init() {}

    public func utcOffsetMinutes(airport: String, localDate: CalendarDate, hour: Int, minute: Int) -> Int? {
        guard let zone = Airports.named(airport)?.zone else { return nil }
        let local = localDate.daysSince1970 * 86_400 + hour * 3600 + minute * 60
        return (local - zone.utcSeconds(forLocal: local)) / 60
    }
}
