/// A score between 0 and 1 with four decimals (risk scores, watch-list match scores), stored
/// exactly as an integer number of ten-thousandths so that no binary rounding creeps in.
///
/// Canonical lexical form: one integer digit, a point and exactly four fraction digits
/// (`0.0400`, `0.9125`, `1.0000`), fixed width like a printed score. Any `xs:decimal` form
/// of the same value (`0.04`, `+.04`, `0.040000`) decodes to the same score.
public struct UnitScore: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The score in ten-thousandths: 0...10000.
    public let tenThousandths: Int

    public static let zero = UnitScore(exactly: 0)
    public static let one = UnitScore(exactly: 10_000)

    private init(exactly value: Int) { tenThousandths = value }

    /// A score of `tenThousandths` / 10000; nil outside 0...10000.
    public init?(tenThousandths: Int) {
        guard (0...10_000).contains(tenThousandths) else { return nil }
        self.tenThousandths = tenThousandths
    }

    /// The nearest score to `value`, clamped to 0...1 (NaN becomes 0).
    public init(clamping value: Double) {
        let scaled = (value * 10_000).rounded()
        tenThousandths = scaled.isNaN ? 0 : Int(min(max(scaled, 0), 10_000))
    }

    /// Parses any `xs:decimal` lexical form whose value lies in 0...1 and needs at most four
    /// fraction digits (trailing zeros beyond them are fine, as in the schema).
    public init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let integerPart = bytes[..<(point ?? bytes.endIndex)]
        var fractionPart = point.map { bytes[($0 + 1)...] } ?? []
        guard !integerPart.isEmpty || !fractionPart.isEmpty,
              integerPart.isEmpty || LexicalDigits.allDigits(integerPart),
              fractionPart.isEmpty || LexicalDigits.allDigits(fractionPart) else { return nil }
        while fractionPart.last == UInt8(ascii: "0") { fractionPart = fractionPart.dropLast() }
        let significantInteger = integerPart.drop { $0 == UInt8(ascii: "0") }
        guard fractionPart.count <= 4, significantInteger.count <= 1 else { return nil }
        let whole = significantInteger.first.map { Int($0 - 0x30) } ?? 0
        let fraction = fractionPart.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let scale = [10_000, 1000, 100, 10, 1][fractionPart.count]
        let value = whole * 10_000 + fraction * scale
        if negative && value != 0 { return nil }
        self.init(tenThousandths: value)
    }

    /// The score as a `Double` (for arithmetic; exact to four decimals).
    public var value: Double { Double(tenThousandths) / 10_000 }

    /// The canonical form `D.DDDD`.
    public var description: String {
        String(tenThousandths / 10_000) + "." + LexicalDigits.padded(tenThousandths % 10_000, 4)
    }

    public static func < (a: UnitScore, b: UnitScore) -> Bool { a.tenThousandths < b.tenThousandths }

    /// JSON form: the number (e.g. `0.04`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let number = try container.decode(Double.self)
        guard (0...1).contains(number) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "score \(number) is outside 0...1")
        }
        self.init(clamping: number)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
