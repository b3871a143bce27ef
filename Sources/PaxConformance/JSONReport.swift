import Foundation

/// A machine-readable report: every input with its diagnostics, and the totals.
public enum JSONReport {
    struct Document: Encodable {
        var tool = "paxsim validate"
        var summary: ValidationSummary
        var files: [FileOutcome]
    }

    public static func render(_ outcomes: [FileOutcome], summary: ValidationSummary) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain value types cannot fail; an empty object stands in if it ever did.
        let data = (try? encoder.encode(Document(summary: summary, files: outcomes))) ?? Data("{}".utf8)
        return [UInt8](data) + [0x0A]
    }
}
