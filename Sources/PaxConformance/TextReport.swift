public import SafeXML

/// Compiler-style lines: `path:line:col: error: message (at /element/path) [code]`.
public enum TextReport {
    /// The lines for one input (empty when it is valid with no warnings).
    public static func lines(for outcome: FileOutcome) -> [String] {
        outcome.diagnostics.map { line(for: $0, path: outcome.path) }
    }

    public static func line(for d: Diagnostic, path: String) -> String {
        var location = path
        if d.line > 0 {
            location += ":\(d.line)"
            if d.column > 0 { location += ":\(d.column)" }
        }
        let at = d.path.isEmpty ? "" : " (at \(d.path))"
        return "\(location): \(d.severity.rawValue): \(d.message)\(at) [\(d.code)]"
    }

    /// `checked 12 files: 10 valid, 2 invalid, 0 unreadable; 3 errors, 1 warning (0.04 s)`.
    public static func summary(_ s: ValidationSummary) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let time = s.seconds < 10 ? String(format2(s.seconds)) : String(Int(s.seconds.rounded()))
        return "checked \(plural(s.files, "file")): \(s.valid) valid, \(s.invalid) invalid, \(s.unreadable) unreadable; "
            + "\(plural(s.errors, "error")), \(plural(s.warnings, "warning")) (\(time) s)"
    }

    private static func format2(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
