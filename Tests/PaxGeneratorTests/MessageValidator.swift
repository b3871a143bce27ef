import PaxMessages
import SafeXML

/// Validates a document the way `paxsim validate` does (PaxConformance's `FileValidator`,
/// which this test target cannot import): hardened parse, the embedded catalogue's schema
/// for the root element, then the business rules when the schema found no error.
enum MessageValidator {
    struct Outcome: CustomStringConvertible {
        var valid: Bool
        var diagnostics: [Diagnostic]
        var codes: [String] { diagnostics.map(\.code) }
        var description: String {
            (valid ? "valid" : "invalid") + " " + diagnostics.map { "\($0.code)@\($0.line) \($0.message)" }.joined(separator: " | ")
        }
    }

    static func validate(_ bytes: [UInt8]) -> Outcome {
        let document: XMLDocument
        do {
            document = try XMLDocument.parse(bytes)
        } catch {
            return Outcome(valid: false, diagnostics: error.diagnostics)
        }
        guard let root = document.rootName, let entry = SchemaCatalogue.embedded.entry(for: root) else {
            return Outcome(valid: false, diagnostics: [Diagnostic(severity: .error, line: 1, code: "PAX-UNKNOWN-TYPE",
                                                                  message: "unknown root", origin: .schema)])
        }
        var diagnostics = document.warnings + entry.schema.validate(document)
        if !diagnostics.contains(where: { $0.severity == .error }) {
            diagnostics += entry.rules(document)
        }
        return Outcome(valid: !diagnostics.contains { $0.severity == .error }, diagnostics: diagnostics)
    }
}
