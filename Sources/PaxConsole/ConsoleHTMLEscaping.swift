import Mustache

/// The console's HTML escaping for every `{{value}}`: the same five replacements as
/// swift-mustache's own (`<`, `>`, `&`, `"`, `'`), made over UTF-8 bytes. Mustache's escaper
/// walks the text Character by Character and looks each up in a dictionary; on the Manifest
/// page (two documents of about 120 KB, shown escaped) that was most of the page's time. Text
/// with nothing to escape is returned as it is, without a copy. Working on bytes also escapes a
/// `<` that a combining mark joins into one Character, which the Character walk let through.
struct ConsoleHTMLEscaping: MustacheContentType {
    /// The name templates select it by (`{{%CONTENT_TYPE:PAXHTML}}`).
    static let name = "PAXHTML"

    /// Registers the content type (swift-mustache keeps them in a locked global table) before
    /// any template naming it is parsed.
    static func register() {
        MustacheContentTypes.register(ConsoleHTMLEscaping(), named: name)
    }

    /// `template` with the pragma that selects this escaping in front of it.
    static func selecting(_ template: String) -> String { "{{%CONTENT_TYPE:\(name)}}" + template }

    func escapeText(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        var contiguous = text
        let escaped = contiguous.withUTF8 { bytes -> String? in
            guard let first = bytes.firstIndex(where: needsEscape) else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + bytes.count / 8 + 16)
            var start = 0
            var index = first
            // Runs without a special byte are copied whole.
            while index < bytes.count {
                let replacement: StaticString
                switch bytes[index] {
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default:
                    index += 1
                    continue
                }
                output.append(contentsOf: bytes[start..<index])
                output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                index += 1
                start = index
            }
            output.append(contentsOf: bytes[start...])
            return String(decoding: output, as: UTF8.self)
        }
        return escaped ?? text
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
