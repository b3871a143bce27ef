/// One problem found in a document: where it is, what it is, and how serious.
///
/// Produced by parsing (well-formedness, limits, refused constructs) and by schema
/// validation; later layers add business-rule diagnostics of the same shape.
public struct Diagnostic: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case warning, error

        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }

    /// Where a diagnostic comes from.
    public enum Origin: String, Sendable, Hashable, Codable {
        /// Our own input checks (size, depth, DOCTYPE, encoding, I/O).
        case safety
        /// libxml2's parser: the document is not well-formed XML.
        case parser
        /// XSD validation.
        case schema
        /// Business rules beyond the schema.
        case rule
    }

    public var severity: Severity
    /// 1-based line, or 0 when unknown.
    public var line: Int
    /// 1-based column, or 0 when unknown.
    public var column: Int
    /// Element path such as `/TravelerManifest/Travelers/Traveler[3]/DateOfBirth`, or empty.
    public var path: String
    /// A stable code: `XML-<domain>-<number>` for libxml2, `SAFE-...` for our checks,
    /// rule ids for business rules.
    public var code: String
    public var message: String
    public var origin: Origin

    public init(severity: Severity, line: Int, column: Int = 0, path: String = "",
                code: String, message: String, origin: Origin) {
        self.severity = severity
        self.line = line
        self.column = column
        self.path = path
        self.code = code
        self.message = message
        self.origin = origin
    }
}

/// Codes for the checks SafeXML makes itself, before or around libxml2.
public enum SafetyCode {
    public static let doctype = "SAFE-DOCTYPE"
    public static let empty = "SAFE-EMPTY"
    public static let encoding = "SAFE-ENCODING"
    public static let tooLarge = "SAFE-SIZE"
    public static let tooDeep = "SAFE-DEPTH"
    public static let prolog = "SAFE-PROLOG"
    public static let io = "SAFE-IO"
    public static let tooManyErrors = "SAFE-ERRORS"
}
