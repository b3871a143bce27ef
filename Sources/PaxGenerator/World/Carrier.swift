public import PaxMessages

/// A real airline: the designator on its flights, its name, its country, the three-digit
/// accounting prefix that starts its bag tags, and the hubs its flights leave from.
public struct Carrier: Sendable, Hashable {
    /// IATA airline designator, e.g. `TA`.
    public let code: String
    public let name: String
    public let country: CountryCode
    /// IATA accounting (ticketing) prefix, e.g. `202`; the bag-tag licence plate uses it.
    public let accountingPrefix: String
    /// Airports (IATA codes) where its flights start.
    public let hubs: [String]
    /// Domain for the reporting contact's e-mail (always under `.example`).
    public let domain: String

    public init(_ code: String, _ name: String, _ country: CountryCode, prefix: String, hubs: [String], domain: String) {
        self.code = code
        self.name = name
        self.country = country
        accountingPrefix = prefix
        self.hubs = hubs
        self.domain = domain
    }
}
