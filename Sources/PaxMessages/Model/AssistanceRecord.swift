/// One journey found for an assistance request: the flight and the traveller as reported on it.
public struct AssistanceRecord: Sendable, Hashable, Codable {
    public var flight: FlightSummary
    public var traveler: Traveler

    public init(flight: FlightSummary, traveler: Traveler) {
        self.flight = flight
        self.traveler = traveler
    }
}
