public import SafeXML

/// One schema or business-rule problem reported in an `Acknowledgement`, positioned like a
/// compiler diagnostic (CONTRL UCS/UCD).
public struct ProcessingError: Sendable, Hashable, Codable {
    /// Whether the problem causes rejection.
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        case error = "Error"
        case warning = "Warning"
    }

    /// Machine-readable code, e.g. `XSD-PATTERN` or a rule id.
    public var code: String
    public var severity: Severity
    /// 1-based line in the received document.
    public var line: Int?
    /// Column in the received document; 0 when unknown.
    public var column: Int?
    /// Element path of the faulty item.
    public var path: String?
    /// Human-readable description.
    public var text: String

    public init(code: String, severity: Severity = .error, line: Int? = nil, column: Int? = nil,
                path: String? = nil, text: String) {
        self.code = code
        self.severity = severity
        self.line = line
        self.column = column
        self.path = path
        self.text = text
    }

    /// The report of a validation or rule diagnostic: unknown line and empty path are left
    /// out, the message is collapsed to one line and cut to the schema's 2000 characters.
    public init(_ diagnostic: Diagnostic) {
        let message = XMLText.collapsingWhitespace(XMLWriter.sanitized(diagnostic.message))
        let code = XMLText.collapsingWhitespace(diagnostic.code)
        self.init(code: code.isEmpty ? "UNKNOWN" : String(code.prefix(64)),
                  severity: diagnostic.severity == .error ? .error : .warning,
                  line: diagnostic.line > 0 ? diagnostic.line : nil,
                  column: diagnostic.line > 0 ? max(diagnostic.column, 0) : nil,
                  path: diagnostic.path.isEmpty ? nil : String(diagnostic.path.prefix(1000)),
                  text: message.isEmpty ? "(no description)" : String(message.prefix(2000)))
    }
}
