import PaxMessages

/// Decimal numbers as text, zero-padded, without going through `String(Int)` (string
/// interpolation), which shows up when a million references and bag tags are written.
enum DecimalText {
    /// `value` (>= 0) in decimal, left-padded with zeros to `width` digits, after `prefix`.
    static func padded(_ value: Int, width: Int, prefix: String = "") -> String {
        let length = self.length(value, width: width)
        let prefixLength = prefix.utf8.count
        return String(unsafeUninitializedCapacity: prefixLength + length) { buffer in
            var index = 0
            for byte in prefix.utf8 {
                buffer[index] = byte
                index += 1
            }
            if let base = buffer.baseAddress { write(value, length: length, to: base + prefixLength) }
            return prefixLength + length
        }
    }

    /// `value` (>= 0) in decimal, left-padded with zeros to `width` digits, into `out`.
    static func append(_ value: Int, width: Int, to out: inout ByteCursor) {
        let length = self.length(value, width: width)
        out.write(maximum: length) { target in
            write(value, length: length, to: target)
            return length
        }
    }

    /// Digits `value` takes, at least `width`.
    private static func length(_ value: Int, width: Int) -> Int {
        var digits = 1, rest = max(0, value)
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        return max(width, digits)
    }

    /// The last `length` digits of `value`, zero-padded, at `target`.
    private static func write(_ value: Int, length: Int, to target: UnsafeMutablePointer<UInt8>) {
        var number = max(0, value)
        for position in stride(from: length - 1, through: 0, by: -1) {
            target[position] = 0x30 + UInt8(number % 10)
            number /= 10
        }
    }
}
