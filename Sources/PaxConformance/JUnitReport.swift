import SafeXML

/// A JUnit XML report, one `testcase` per input, as CI systems (Jenkins, GitLab, GitHub
/// Actions test reporters) read it: invalid inputs are failures, unreadable ones errors.
public enum JUnitReport {
    public static func render(_ outcomes: [FileOutcome], summary: ValidationSummary) -> [UInt8] {
        var w = XMLWriter()
        do {
            try w.start("testsuites", attributeList: [
                ("name", "paxsim validate"), ("tests", "\(summary.files)"),
                ("failures", "\(summary.invalid)"), ("errors", "\(summary.unreadable)"),
                ("time", seconds(summary.seconds)),
            ])
            try w.start("testsuite", attributeList: [
                ("name", "paxsim.validate"), ("tests", "\(summary.files)"),
                ("failures", "\(summary.invalid)"), ("errors", "\(summary.unreadable)"),
                ("skipped", "0"), ("time", seconds(summary.seconds)),
            ])
            for outcome in outcomes {
                try w.start("testcase", attributeList: [
                    ("classname", "paxsim.validate"), ("name", XMLWriter.sanitized(outcome.path)), ("time", seconds(outcome.seconds)),
                ])
                let body = TextReport.lines(for: outcome).joined(separator: "\n")
                switch outcome.status {
                case .valid:
                    if !body.isEmpty { try w.element("system-out", XMLWriter.sanitized(body)) }
                case .invalid:
                    let first = outcome.diagnostics.first { $0.severity == .error }
                    try w.start("failure", attributeList: [
                        ("type", first?.code ?? "invalid"),
                        ("message", XMLWriter.sanitized("\(outcome.errorCount) error(s): \(first?.message ?? "invalid")")),
                    ])
                    try w.text(XMLWriter.sanitized(body))
                    try w.end()
                case .unreadable:
                    try w.start("error", attributeList: [("type", "io"), ("message", XMLWriter.sanitized(outcome.diagnostics.first?.message ?? "unreadable"))])
                    try w.text(XMLWriter.sanitized(body))
                    try w.end()
                }
                try w.end()
            }
            try w.end()
            try w.end()
            return try w.finish()
        } catch {
            // Only text XML cannot carry gets here (e.g. a control character in a file name).
            // Unreachable: every text goes through `XMLWriter.sanitized` and every element is closed.
            return Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites/>\n".utf8)
        }
    }

    private static func seconds(_ x: Double) -> String {
        let millis = Int((x * 1000).rounded())
        let fraction = millis % 1000
        let pad = fraction < 10 ? "00" : (fraction < 100 ? "0" : "")
        return "\(millis / 1000).\(pad)\(fraction)"
    }
}
