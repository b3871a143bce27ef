/// The version of the v1 schema family a message was written against: `1.0`, `1.3`, ...
///
/// Kept as written (the schema types it as a token, so `1.01` and `1.1` differ) so a message
/// from a newer minor version re-encodes with its own version.
public struct SchemaVersion: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// The version this library writes by default.
    public static let current = SchemaVersion(uncheckedRawValue: "1.0")

    private init(uncheckedRawValue: String) { rawValue = uncheckedRawValue }

    /// A version of the form `1.<digits>`, or nil.
    public init?(rawValue: String) {
        let bytes = Array(rawValue.utf8)
        guard bytes.count >= 3, bytes[0] == UInt8(ascii: "1"), bytes[1] == UInt8(ascii: "."),
              LexicalDigits.allDigits(bytes[2...]) else { return nil }
        self.rawValue = rawValue
    }

    /// The minor version number (`3` for `1.3`), or nil if it does not fit in an `Int`.
    public var minor: Int? { Int(rawValue.dropFirst(2)) }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let version = SchemaVersion(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a v1 schema version (1.n)")
        }
        self = version
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
