public import SafeXML

/// The flight a manifest is for: carrier, number and legs in order (PAXLST TDT+20).
public struct Flight: Sendable, Hashable, Codable {
    /// IATA airline designator, e.g. `TA`.
    public var carrier: String
    /// Flight number without the carrier, e.g. `570`.
    public var flightNumber: String
    /// One to twenty legs, in order of operation.
    public var legs: [Leg]
    /// Elements of other namespaces (later minor versions, vendors), kept in order.
    public var extensions: [XMLElement]

    public init(carrier: String, flightNumber: String, legs: [Leg], extensions: [XMLElement] = []) {
        self.carrier = carrier
        self.flightNumber = flightNumber
        self.legs = legs
        self.extensions = extensions
    }

    /// Airport where the first leg departs.
    public var origin: String? { legs.first?.departureAirport }
    /// Airport where the last leg arrives.
    public var destination: String? { legs.last?.arrivalAirport }
}
