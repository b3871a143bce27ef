public import PaxMessages

/// A scheduled flight: carrier, number, the airports in order, leg times respecting each
/// airport's time zone, and the cabin. Everything a manifest for it needs.
public struct FlightPlan: Sendable, Hashable {
    /// Position of the flight in the run, from 1 (used in message ids).
    public let index: Int
    public let carrier: Carrier
    /// The flight as messages carry it, legs with local times and offsets.
    public let flight: Flight
    /// The airports in order: each leg's departure, then the last arrival.
    public let stops: [Airport]
    /// Scheduled departure and arrival of each leg, as UTC seconds since 1970.
    public let departures: [Int]
    public let arrivals: [Int]
    public let seatMap: SeatMap

    public var origin: Airport { stops[0] }
    public var destination: Airport { stops[stops.count - 1] }

    /// `TA570`.
    public var designator: String { flight.carrier + flight.flightNumber }

    /// The local departure date at the origin.
    public var date: CalendarDate { flight.legs[0].scheduledDeparture.localDate }

    /// The journey dates of a traveller boarding at stop `from` and leaving at stop `to`
    /// (indices into `stops`, `from < to`), for a manifest created on `created`.
    func journey(from: Int, to: Int, created: CalendarDate) -> Journey {
        Journey(created: created, departure: flight.legs[from].scheduledDeparture.localDate,
                arrival: flight.legs[to - 1].scheduledArrival.localDate)
    }
}
