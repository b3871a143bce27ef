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

/// Totals over a run, for the summary line and report headers.
public struct RunSummary: Sendable, Hashable, Codable {
    public var files = 0
    public var valid = 0
    public var invalid = 0
    public var unreadable = 0
    public var errors = 0
    public var warnings = 0
    public var seconds = 0.0

    public init(_ outcomes: [FileOutcome], seconds: Double) {
        files = outcomes.count
        for o in outcomes {
            switch o.status {
            case .valid: valid += 1
            case .invalid: invalid += 1
            case .unreadable: unreadable += 1
            }
            errors += o.errorCount
            warnings += o.warningCount
        }
        self.seconds = seconds
    }

    /// The process exit status `paxsim validate` uses: 0 all valid, 1 some invalid, 2 I/O trouble.
    public var exitCode: Int32 { unreadable > 0 ? 2 : (invalid > 0 ? 1 : 0) }
}
