public import PaxMessages
import SafeXML

/// The receiver's acceptance check of an authenticated payload: hardened parse, schema by
/// root element from the embedded catalogue, business rules, decode.
///
/// A payload is read once on the accepted path: one streaming pass parses and validates it and
/// builds the element tree from the same events (`XMLSchema.validatedRoot(of:limits:)`), with no
/// libxml2 tree. Only a payload that pass does not accept is read again as a tree, for the
/// exact diagnostics (lines, columns, element paths) the sender gets back.
public enum PayloadCheck {
    /// The payload's root element name (when it parsed) and the decoded message or every error.
    public static func check(_ payload: [UInt8]) -> (root: String?, result: Result<PaxMessage, PayloadErrors>) {
        if let rootName = RootPeek.root(of: payload),
           let entry = SchemaCatalogue.embedded.entry(for: rootName),
           let root = entry.schema.validatedRoot(of: payload), root.name == rootName {
            return (rootName.localName, decodeAndApplyRules(root))
        }
        return checkAsTree(payload)
    }

    /// The same check on a libxml2 tree: the path of a payload the one-pass check did not
    /// accept, and the reference the one-pass check is tested against.
    static func checkAsTree(_ payload: [UInt8]) -> (root: String?, result: Result<PaxMessage, PayloadErrors>) {
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
        let schemaDiagnostics = entry.schema.validate(document)
        if schemaDiagnostics.contains(where: { $0.severity == .error }) {
            return (rootName.localName, .failure(PayloadErrors(errors: errors(schemaDiagnostics, fallback: "payload is invalid"))))
        }
        guard let root = document.root else {
            return (rootName.localName, .failure(PayloadErrors(errors: [ProcessingError(code: "XML-PARSER-4", text: "payload has no root element")])))
        }
        return (rootName.localName, decodeAndApplyRules(root))
    }

    /// Decodes a schema-valid root and applies the business rules: the rules run on the decoded
    /// message; only a message they reject is checked again on the elements, with lines located.
    private static func decodeAndApplyRules(_ root: XMLElement) -> Result<PaxMessage, PayloadErrors> {
        let message: PaxMessage
        do {
            message = try PaxMessage.decode(root)
        } catch {
            return .failure(PayloadErrors(errors: errors(error.diagnostics, fallback: "payload cannot be decoded")))
        }
        if BusinessRules.check(message).contains(where: { $0.severity == .error }) {
            return .failure(PayloadErrors(errors: errors(BusinessRules.check(root: root), fallback: "payload breaks a business rule")))
        }
        return .success(message)
    }

    /// Error diagnostics as acknowledgement errors (at most 100), never empty.
    static func errors(_ diagnostics: [Diagnostic], fallback: String) -> [ProcessingError] {
        let errors = diagnostics.filter { $0.severity == .error }.prefix(100).map(ProcessingError.init)
        return errors.isEmpty ? [ProcessingError(code: "PAX-INVALID", text: fallback)] : Array(errors)
    }
}

/// Every error found in a payload (never empty).
public struct PayloadErrors: Error, Sendable {
    public var errors: [ProcessingError]
}
