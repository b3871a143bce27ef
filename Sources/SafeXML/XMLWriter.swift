/// Writes well-formed UTF-8 XML into a byte buffer: escaping, indentation and element
/// nesting done once, right, for every message the project produces.
///
/// Deterministic: the same calls give the same bytes. Text that XML 1.0 cannot carry at all
/// (control characters other than tab, newline and carriage return; U+FFFE, U+FFFF) is refused
/// with an error rather than silently altered. Written by hand rather than through
/// `xmlTextWriter` because encoders and the generator write millions of elements and a plain
/// byte buffer is several times faster.
public struct XMLWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var open: [(name: String, hasChildren: Bool, hasText: Bool)] = []
    private var tagOpen = false
    private let indent: [UInt8]?
    /// A fragment's first element starts on a new line too.
    private var fragmentStarted = false

    /// `indent` nil writes everything on one line; otherwise child elements go on their own lines.
    public init(indent: String? = "  ", declaration: Bool = true, reservingCapacity capacity: Int = 4096) {
        self.indent = indent.map { Array($0.utf8) }
        bytes.reserveCapacity(capacity)
        if declaration { append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>") }
    }

    /// The number of elements currently open.
    public var depth: Int { open.count }

    /// Opens an element; `attributes` are written in the order given.
    public mutating func start(_ name: String, attributes: KeyValuePairs<String, String> = [:]) throws(XMLWriterError) {
        try startTag(name)
        for (key, value) in attributes { try attribute(key, value) }
    }

    /// Opens an element with attributes from an array (for computed attribute lists).
    public mutating func start(_ name: String, attributeList: [(String, String)]) throws(XMLWriterError) {
        try startTag(name)
        for (key, value) in attributeList { try attribute(key, value) }
    }

    private mutating func startTag(_ name: String) throws(XMLWriterError) {
        guard Self.isName(name) else { throw .invalidName(name) }
        closeStartTag()
        if !open.isEmpty { open[open.count - 1].hasChildren = true }
        newline(depth: open.count)
        bytes.append(0x3C)
        append(name)
        open.append((name, false, false))
        tagOpen = true
    }

    /// Adds an attribute to the element just opened.
    public mutating func attribute(_ name: String, _ value: String) throws(XMLWriterError) {
        guard tagOpen else { throw .misplacedAttribute(name) }
        guard Self.isName(name) else { throw .invalidName(name) }
        bytes.append(0x20)
        append(name)
        bytes.append(contentsOf: [0x3D, 0x22])
        try escape(value, inAttribute: true)
        bytes.append(0x22)
    }

    /// Writes character data inside the current element.
    public mutating func text(_ value: String) throws(XMLWriterError) {
        guard !open.isEmpty else { throw .textOutsideElement }
        closeStartTag()
        open[open.count - 1].hasText = true
        try escape(value, inAttribute: false)
    }

    /// Closes the innermost open element.
    public mutating func end() throws(XMLWriterError) {
        guard let element = open.popLast() else { throw .unbalancedEnd }
        if tagOpen {
            bytes.append(contentsOf: [0x2F, 0x3E])
            tagOpen = false
            return
        }
        if element.hasChildren && !element.hasText { newline(depth: open.count) }
        bytes.append(contentsOf: [0x3C, 0x2F])
        append(element.name)
        bytes.append(0x3E)
    }

    /// Writes `<name>text</name>`.
    public mutating func element(_ name: String, _ text: String) throws(XMLWriterError) {
        try startTag(name)
        try self.text(text)
        try end()
    }

    /// Writes the element only when `text` is not nil.
    public mutating func element(_ name: String, ifPresent text: String?) throws(XMLWriterError) {
        if let text { try element(name, text) }
    }

    /// Appends a complete element that a byte-level encoder wrote for this position: a
    /// newline, the indentation of the current depth, then the element with its children
    /// indented as this writer indents them (see `fragment(depth:)`).
    public mutating func appendElement(_ encoded: some Collection<UInt8>) {
        closeStartTag()
        if !open.isEmpty { open[open.count - 1].hasChildren = true }
        bytes.append(contentsOf: encoded)
    }

    /// A writer for elements that go inside `depth` open elements of another document (no
    /// declaration): the same two-space indentation, each element on a new line; `bytes`
    /// is the fragment, ready for `appendElement` or a byte-level encoder's output.
    public static func fragment(depth: Int) -> XMLWriter {
        var writer = XMLWriter(declaration: false, reservingCapacity: 256)
        writer.open = Array(repeating: ("", true, false), count: max(0, depth))
        writer.fragmentStarted = true
        return writer
    }

    /// The document, after checking every element was closed.
    public func finish() throws(XMLWriterError) -> [UInt8] {
        guard open.isEmpty else { throw .unclosedElements(open.map(\.name)) }
        var result = bytes
        result.append(0x0A)
        return result
    }

    // MARK: - Internals

    private mutating func closeStartTag() {
        if tagOpen {
            bytes.append(0x3E)
            tagOpen = false
        }
    }

    private mutating func newline(depth: Int) {
        guard let indent, !bytes.isEmpty || fragmentStarted else { return }
        bytes.append(0x0A)
        for _ in 0..<depth { bytes.append(contentsOf: indent) }
    }

    private mutating func append(_ string: String) {
        var s = string
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func escape(_ value: String, inAttribute: Bool) throws(XMLWriterError) {
        var s = value
        var failure: XMLWriterError?
        s.withUTF8 { utf8 in
            var runStart = 0
            var i = 0
            let n = utf8.count
            while i < n {
                let b = utf8[i]
                var replacement: [UInt8]? = nil
                switch b {
                case 0x3C: replacement = Array("&lt;".utf8)
                case 0x3E: replacement = Array("&gt;".utf8)
                case 0x26: replacement = Array("&amp;".utf8)
                case 0x22 where inAttribute: replacement = Array("&quot;".utf8)
                case 0x0D: replacement = Array("&#13;".utf8)
                case 0x09 where inAttribute: replacement = Array("&#9;".utf8)
                case 0x0A where inAttribute: replacement = Array("&#10;".utf8)
                case 0x09, 0x0A: break
                case 0x00..<0x20:
                    failure = .invalidCharacter(UInt32(b), in: value)
                    return
                case 0xEF where i + 2 < n && utf8[i + 1] == 0xBF && (utf8[i + 2] == 0xBE || utf8[i + 2] == 0xBF):
                    failure = .invalidCharacter(utf8[i + 2] == 0xBE ? 0xFFFE : 0xFFFF, in: value)
                    return
                default: break
                }
                if let replacement {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                    bytes.append(contentsOf: replacement)
                    runStart = i + 1
                }
                i += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<n]))
        }
        if let failure { throw failure }
    }

    /// `text` with every character XML 1.0 cannot carry replaced by U+FFFD, for reports that
    /// quote arbitrary input (file names, parser messages) and must always be writable.
    public static func sanitized(_ text: String) -> String {
        let isAllowed: (Unicode.Scalar) -> Bool = { s in
            s == "\t" || s == "\n" || s == "\r" || (s.value >= 0x20 && s.value != 0xFFFE && s.value != 0xFFFF)
        }
        guard !text.unicodeScalars.allSatisfy(isAllowed) else { return text }
        var result = String.UnicodeScalarView()
        for s in text.unicodeScalars { result.append(isAllowed(s) ? s : "\u{FFFD}") }
        return String(result)
    }

    /// XML names as we write them: ASCII letters, digits, `_`, `-`, `.`, `:`; or any non-ASCII.
    static func isName(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        let isStart = (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A) || first == 0x5F || first >= 0x80
        guard isStart else { return false }
        return name.utf8.allSatisfy { c in
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
                || c == 0x5F || c == 0x2D || c == 0x2E || c == 0x3A || c >= 0x80
        }
    }
}

/// A misuse of `XMLWriter` or text that XML cannot represent.
public enum XMLWriterError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidName(String)
    case invalidCharacter(UInt32, in: String)
    case misplacedAttribute(String)
    case textOutsideElement
    case unbalancedEnd
    case unclosedElements([String])

    public var description: String {
        switch self {
        case .invalidName(let name): "'\(name)' is not a valid XML name"
        case .invalidCharacter(let scalar, let text):
            "U+\(String(scalar, radix: 16, uppercase: true)) cannot appear in XML 1.0 (in \(text.debugDescription.prefix(60)))"
        case .misplacedAttribute(let name): "attribute '\(name)' written outside a start tag"
        case .textOutsideElement: "text written outside any element"
        case .unbalancedEnd: "end() without an open element"
        case .unclosedElements(let names): "elements left open: \(names.joined(separator: ", "))"
        }
    }
}
