/// JSON string literals written by hand (trace lines, ground-truth records), escaped one way
/// everywhere so the same text always gives the same bytes (trace hashes depend on them).
public enum JSONString {
    /// `text` as a JSON string literal: `"` and `\` escaped, line feed as `\n`, every other
    /// control character (carriage return and tab included) as `\u00XX`.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
