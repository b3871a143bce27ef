/// Agency identifiers (`US-CBP`, `SV-DGME`) name key files and appear in envelopes and audit
/// records, so they are restricted to a safe alphabet: ASCII letters, digits, `-`, `_` and
/// `.`, 1 to 64 characters, not starting with `.` or `-`.
public enum AgencyIdentifier {
    /// Why `candidate` is not a valid agency identifier, or nil when it is.
    public static func problem(with candidate: String) -> String? {
        if candidate.isEmpty { return "agency identifier is empty" }
        if candidate.utf8.count > 64 { return "agency identifier '\(candidate.prefix(64))…' is longer than 64 characters" }
        if candidate.hasPrefix(".") || candidate.hasPrefix("-") {
            return "agency identifier '\(candidate)' must start with a letter, digit or '_'"
        }
        for scalar in candidate.unicodeScalars {
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "-", "_", ".": continue
            default:
                return "agency identifier '\(candidate)' contains '\(scalar.escaped(asASCII: true))' (allowed: letters, digits, '-', '_', '.')"
            }
        }
        return nil
    }
}
