/// Totals over a `paxsim validate` run, for the summary line and report headers.
public struct ValidationSummary: Sendable, Hashable, Codable {
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
