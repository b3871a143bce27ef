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
            output.append(contentsOf: bytes[..<first])
            for byte in bytes[first...] {
                switch byte {
                case UInt8(ascii: "<"): output.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
                case UInt8(ascii: ">"): output.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
                case UInt8(ascii: "&"): output.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
                case UInt8(ascii: "\""): output.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
                case UInt8(ascii: "'"): output.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])  // &#39;
                default: output.append(byte)
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
        return escaped ?? text
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
