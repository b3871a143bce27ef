import Foundation

/// `application/x-www-form-urlencoded` text (a form body or a query string) as a dictionary;
/// the first value of a repeated name wins; names and values are bounded in size.
enum ConsoleForm {
    static let maxBodyBytes = 16 * 1024

    static func decode(_ text: Substring) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", maxSplits: 64, omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawName = parts.first, let name = unescape(rawName), name.utf8.count <= 64 else { continue }
            let value = parts.count > 1 ? unescape(parts[1]) ?? "" : ""
            if fields[name] == nil { fields[name] = String(value.prefix(4_000)) }
        }
        return fields
    }

    private static func unescape(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
