/// An ISO 3166-1 alpha-3 country code (`SLV`, `USA`) or, where the schema allows a
/// nationality or issuing state, an ICAO Doc 9303 special code (`XXA` stateless person,
/// `UNO` United Nations, `GBD` British overseas territories citizen, ...).
///
/// Deliberately a thin wrapper rather than an enum of ~260 cases: the schema's code list is
/// the authority and validation reports unknown codes, while the model carries whatever it
/// was given so nothing is dropped.
public struct CountryCode: RawRepresentable, Sendable, Hashable, Comparable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public var description: String { rawValue }

    public static func < (a: CountryCode, b: CountryCode) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
