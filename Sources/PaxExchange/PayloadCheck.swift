import PaxMessages
import SafeXML

/// The receiver's acceptance check of an authenticated payload: hardened parse, schema by
/// root element from the embedded catalogue, business rules, decode. One parse per payload.
enum PayloadCheck {
    /// The payload's root element name (when it parsed) and the decoded message or every error.
    static func check(_ payload: [UInt8]) -> (root: String?, result: Result<PaxMessage, PayloadErrors>) {
        let document: XMLDocument
        do {
            document = try XMLDocument.parse(payload)
        } catch {
            return (nil, .failure(PayloadErrors(errors: errors(error.diagnostics, fallback: "payload is not well-formed XML"))))
        }
        guard let rootName = document.rootName else {
            return (nil, .failure(PayloadErrors(errors: [ProcessingError(code: "XML-PARSER-4", text: "payload has no root element")])))
        }
        guard let entry = SchemaCatalogue.embedded.entry(for: rootName) else {
            return (rootName.localName, .failure(PayloadErrors(errors: [ProcessingError(code: "PAX-UNKNOWN-MESSAGE", line: document.rootLine,
                                                                  text: "unknown message type \(rootName)")])))
        }
        var diagnostics = entry.schema.validate(document)
        if !diagnostics.contains(where: { $0.severity == .error }) { diagnostics += entry.rules(document) }
        if diagnostics.contains(where: { $0.severity == .error }) {
            return (rootName.localName, .failure(PayloadErrors(errors: errors(diagnostics, fallback: "payload is invalid"))))
        }
        guard let root = document.root else {
            return (rootName.localName, .failure(PayloadErrors(errors: [ProcessingError(code: "XML-PARSER-4", text: "payload has no root element")])))
        }
        do {
            return (rootName.localName, .success(try PaxMessage.decode(root)))
        } catch {
            return (rootName.localName, .failure(PayloadErrors(errors: [ProcessingError(code: "PAX-DECODE", line: error.line > 0 ? error.line : nil,
                                                                  path: error.path.isEmpty ? nil : error.path,
                                                                  text: error.description)])))
        }
    }

    /// Error diagnostics as acknowledgement errors (at most 100), never empty.
    static func errors(_ diagnostics: [Diagnostic], fallback: String) -> [ProcessingError] {
        let errors = diagnostics.filter { $0.severity == .error }.prefix(100).map(ProcessingError.init)
        return errors.isEmpty ? [ProcessingError(code: "PAX-INVALID", text: fallback)] : Array(errors)
    }
}

/// Every error found in a payload (never empty).
struct PayloadErrors: Error {
    var errors: [ProcessingError]
}
