/// The UTC offset of a `Timestamp`, kept exactly as written (`Z`, `+00:00` and `-00:00` all
/// mean UTC but are different text).
public struct UTCOffset: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Offset east of UTC in minutes, -840...840.
    public let minutes: Int
    /// The lexical form: `Z` or `±hh:mm`.
    public let description: String

    /// UTC written as `Z`, the canonical form for UTC.
    public static let utc = UTCOffset(minutes: 0, description: "Z")

    private init(minutes: Int, description: String) {
        self.minutes = minutes
        self.description = description
    }

    /// An offset written `±hh:mm` (`+00:00` for zero; use `.utc` for `Z`); nil beyond ±14:00.
    public init?(minutes: Int) {
        guard (-840...840).contains(minutes) else { return nil }
        let magnitude = abs(minutes)
        self.init(minutes: minutes,
                  description: (minutes < 0 ? "-" : "+") + LexicalDigits.padded(magnitude / 60, 2) + ":"
                      + LexicalDigits.padded(magnitude % 60, 2))
    }

    /// Parses `Z` or `±hh:mm` with hh 00-14, mm 00-59, and at most 14:00, as `xs:dateTime` does.
    public init?(_ text: String) {
        if text == "Z" {
            self = .utc
            return
        }
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
              bytes[3] == UInt8(ascii: ":"),
              let hours = LexicalDigits.value(bytes[1..<3]), let minutes = LexicalDigits.value(bytes[4..<6]),
              minutes <= 59, hours * 60 + minutes <= 840 else { return nil }
        let total = hours * 60 + minutes
        self.init(minutes: bytes[0] == UInt8(ascii: "-") ? -total : total, description: text)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let offset = UTCOffset(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a UTC offset (Z or ±hh:mm)")
        }
        self = offset
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
