public import SafeXML

/// One leg of a flight, take-off to landing, with scheduled local times (PAXLST LOC+125/87,
/// DTM+189/232).
public struct Leg: Sendable, Hashable, Codable {
    /// Position of the leg in the flight, from 1.
    public var sequence: Int
    public var departureAirport: String
    public var scheduledDeparture: Timestamp
    public var arrivalAirport: String
    public var scheduledArrival: Timestamp
    /// Elements of other namespaces (later minor versions, vendors), kept in order.
    public var extensions: [XMLElement]

    public init(sequence: Int, departureAirport: String, scheduledDeparture: Timestamp, arrivalAirport: String,
                scheduledArrival: Timestamp, extensions: [XMLElement] = []) {
        self.sequence = sequence
        self.departureAirport = departureAirport
        self.scheduledDeparture = scheduledDeparture
        self.arrivalAirport = arrivalAirport
        self.scheduledArrival = scheduledArrival
        self.extensions = extensions
    }
}
