/// One planted traveller: which manifest and traveller, which entry should find them, and
/// how they differ from it. Written as one JSON Lines record, keys in this order.
public struct GroundTruthRecord: Sendable, Hashable {
    public var manifestMessageId: String
    public var travelerReference: String
    public var watchListEntryId: String
    public var perturbation: Perturbation

    /// `{"manifestMessageId": "...", "travelerReference": "...", "watchListEntryId": "...", "perturbation": "typo"}`.
    public var jsonLine: String {
        "{\"manifestMessageId\": " + Self.quoted(manifestMessageId) + ", \"travelerReference\": " + Self.quoted(travelerReference)
            + ", \"watchListEntryId\": " + Self.quoted(watchListEntryId) + ", \"perturbation\": " + Self.quoted(perturbation.rawValue) + "}"
    }

    /// A JSON string literal (ids are ASCII without quotes, but escape anyway).
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
