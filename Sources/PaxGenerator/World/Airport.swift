public import PaxMessages

/// A real airport: where flights start and end, and whose clock their schedules are in.
public struct Airport: Sendable, Hashable {
    /// IATA location code, e.g. `SAL`.
    public let code: String
    /// The city it serves, as an address would write it.
    public let city: String
    public let country: CountryCode
    /// The airport's time zone and its offset rules.
    public let zone: ZoneRule
    /// Position in degrees (north and east positive), for distances and block times.
    public let latitude: Double
    public let longitude: Double
    /// First three digits of local postal codes (United States ZIP codes), when addresses
    /// near the airport should look local.
    public let postalPrefix: String?

    public init(_ code: String, _ city: String, _ country: CountryCode, _ zone: ZoneRule,
                latitude: Double, longitude: Double, postalPrefix: String? = nil) {
        self.code = code
        self.city = city
        self.country = country
        self.zone = zone
        self.latitude = latitude
        self.longitude = longitude
        self.postalPrefix = postalPrefix
    }

    public static func == (a: Airport, b: Airport) -> Bool { a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
