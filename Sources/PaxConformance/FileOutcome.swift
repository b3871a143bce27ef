public import SafeXML

/// What validating one input found.
public struct FileOutcome: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case valid, invalid, unreadable
    }

    public var path: String
    public var status: Status
    /// The message type recognised from the root element (`{namespace}Root`), if any.
    public var messageType: String?
    public var mode: ValidationReport.Mode?
    public var diagnostics: [Diagnostic]
    /// Wall time spent on this input, in seconds.
    public var seconds: Double

    public init(path: String, status: Status, messageType: String?, mode: ValidationReport.Mode?,
                diagnostics: [Diagnostic], seconds: Double) {
        self.path = path
        self.status = status
        self.messageType = messageType
        self.mode = mode
        self.diagnostics = diagnostics
        self.seconds = seconds
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}
