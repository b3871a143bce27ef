/// A one-leg summary of a flight a traveller took, in an assistance record.
public struct FlightSummary: Sendable, Hashable, Codable {
    public var carrier: String
    public var flightNumber: String
    /// Where the traveller boarded.
    public var departureAirport: String
    /// Where the traveller left the flight.
    public var arrivalAirport: String
    public var scheduledDeparture: Timestamp

    public init(carrier: String, flightNumber: String, departureAirport: String, arrivalAirport: String,
                scheduledDeparture: Timestamp) {
        self.carrier = carrier
        self.flightNumber = flightNumber
        self.departureAirport = departureAirport
        self.arrivalAirport = arrivalAirport
        self.scheduledDeparture = scheduledDeparture
    }

    /// The summary of a whole flight: first departure to last arrival; nil for a flight
    /// without legs.
    public init?(_ flight: Flight) {
        guard let first = flight.legs.first, let last = flight.legs.last else { return nil }
        self.init(carrier: flight.carrier, flightNumber: flight.flightNumber, departureAirport: first.departureAirport,
                  arrivalAirport: last.arrivalAirport, scheduledDeparture: first.scheduledDeparture)
    }
}
