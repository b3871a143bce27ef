/// Limits applied to every document SafeXML reads. The defaults suit messages of any
/// realistic size; raise them deliberately, never to "unlimited".
public struct ParseLimits: Sendable, Hashable {
    /// Largest document parsed into memory (DOM). Bigger inputs must be streamed.
    public var maxDocumentBytes: Int
    /// Deepest element nesting accepted (libxml2 itself stops at 256 without `XML_PARSE_HUGE`,
    /// which we never set).
    public var maxDepth: Int
    /// Diagnostics kept per document; the rest are counted in one summary diagnostic.
    public var maxDiagnostics: Int

    public init(maxDocumentBytes: Int = 256 << 20, maxDepth: Int = 128, maxDiagnostics: Int = 1000) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxDepth = maxDepth
        self.maxDiagnostics = maxDiagnostics
    }

    public static let `default` = ParseLimits()
}

/// Thrown when a document cannot be read at all: not well-formed, refused, or too large.
public struct XMLParseError: Error, Sendable, CustomStringConvertible {
    /// Every diagnostic found; the first is the reason.
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String {
        guard let first = diagnostics.first else { return "unreadable XML document" }
        return "\(first.line):\(first.column): \(first.message) [\(first.code)]"
    }
}
