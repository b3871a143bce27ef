public import PaxMessages

/// The UTC offset of an airport's clock at a local wall time: PAXLST writes schedules
/// (DTM 189/232) in the airports' local time without an offset, the model keeps the offset.
public protocol AirportClock: Sendable {
    /// Minutes east of UTC in force at `airport` (IATA code) at that local date and time; nil
    /// when the airport is unknown.
    func utcOffsetMinutes(airport: String, localDate: CalendarDate, hour: Int, minute: Int) -> Int?
}

/// A clock that knows no airport: every schedule is read as UTC, with a warning.
public struct UnknownAirportClock: AirportClock {
    public init() {}
    public func utcOffsetMinutes(airport: String, localDate: CalendarDate, hour: Int, minute: Int) -> Int? { nil }
}

/// A clock backed by a function, e.g. a time-zone table's lookup.
public struct AirportClockFunction: AirportClock {
    private let lookup: @Sendable (String, CalendarDate, Int, Int) -> Int?

    public init(_ lookup: @escaping @Sendable (_ airport: String, _ localDate: CalendarDate, _ hour: Int, _ minute: Int) -> Int?) {
        self.lookup = lookup
    }

    public func utcOffsetMinutes(airport: String, localDate: CalendarDate, hour: Int, minute: Int) -> Int? {
        lookup(airport, localDate, hour, minute)
    }
}
