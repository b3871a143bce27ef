/// A traveller's postal address, typically the one in the destination country (PAXLST NAD).
public struct Address: Sendable, Hashable, Codable {
    public var street: String
    public var city: String
    public var postalCode: String?
    public var country: CountryCode

    public init(street: String, city: String, postalCode: String? = nil, country: CountryCode) {
        self.street = street
        self.city = city
        self.postalCode = postalCode
        self.country = country
    }
}
