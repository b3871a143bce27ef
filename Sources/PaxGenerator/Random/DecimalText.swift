import PaxMessages

/// Decimal numbers as text, zero-padded, without going through `String(Int)` (string
/// interpolation), which shows up when a million references and bag tags are written.
enum DecimalText {
    /// `value` (>= 0) in decimal, left-padded with zeros to `width` digits, after `prefix`.
    static func padded(_ value: Int, width: Int, prefix: String = "") -> String {
        var digits = 1, rest = max(0, value)
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        let length = max(width, digits)
        let prefixLength = prefix.utf8.count
        return String(unsafeUninitializedCapacity: prefixLength + length) { buffer in
            var index = 0
            for byte in prefix.utf8 {
                buffer[index] = byte
                index += 1
            }
            var number = max(0, value)
            for position in stride(from: prefixLength + length - 1, through: prefixLength, by: -1) {
                buffer[position] = 0x30 + UInt8(number % 10)
                number /= 10
            }
            return prefixLength + length
        }
    }

    /// `value` (>= 0) in decimal, left-padded with zeros to `width` digits, into `out`.
    static func append(_ value: Int, width: Int, to out: inout ByteCursor) {
        var digits = 1, rest = max(0, value)
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        let length = max(width, digits)
        out.write(maximum: length) { target in
            var number = max(0, value)
            for position in stride(from: length - 1, through: 0, by: -1) {
                target[position] = 0x30 + UInt8(number % 10)
                number /= 10
            }
            return length
        }
    }
}
