/// Whitespace rules of XML Schema simple types, applied the way a validator applies them.
enum XMLText {
    /// XML whitespace: space, tab, line feed, carriage return.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    /// `whiteSpace="collapse"`: runs of whitespace become one space, leading and trailing
    /// whitespace go. Every PaxSim simple type is a token or a collapsed string.
    static func collapsingWhitespace(_ text: String) -> String {
        if isCollapsed(text) { return text }
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isWhitespace(scalar) {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether collapsing would leave `text` as it is: no tab, line feed or carriage
    /// return, no space at either end, no two spaces in a row (most values; checked on
    /// the UTF-8 bytes, where XML whitespace is always one byte).
    static func isCollapsed(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last else { return true }
            if first == 0x20 || last == 0x20 { return false }
            var previous: UInt8 = 0
            for byte in bytes {
                if byte == 0x09 || byte == 0x0A || byte == 0x0D || (byte == 0x20 && previous == 0x20) { return false }
                previous = byte
            }
            return true
        }
    }

    /// Whether `text` is empty or whitespace only.
    static func isBlank(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } }
    }

    /// `text` shortened for an error message.
    static func excerpt(_ text: String, limit: Int = 80) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}
