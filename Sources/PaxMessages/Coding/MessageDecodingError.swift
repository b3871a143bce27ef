public import SafeXML

/// Why a document could not be turned into a message value: where (element path and line)
/// and what (missing, unexpected or invalid).
///
/// Decoders never drop data silently, so anything they cannot place is one of these errors.
public struct MessageDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        /// The bytes are not a well-formed, acceptable XML document (parser diagnostics).
        case unreadable([Diagnostic])
        /// The root element is not a v1 message.
        case unknownMessage(QualifiedName)
        /// A required element is absent; `found` names what stood in its place, if anything.
        case missingElement(String, found: String?)
        case missingAttribute(String)
        /// An element that is not allowed here: an unknown or misplaced element of our
        /// namespace, or another namespace's element outside an extension point.
        case unexpectedElement(QualifiedName)
        case unexpectedAttribute(QualifiedName)
        /// Character data inside an element that holds only elements.
        case unexpectedText(String)
        case tooFew(String, minimum: Int, found: Int)
        case tooMany(String, maximum: Int)
        /// A value that is not in the lexical or value space of its type.
        case invalidValue(String, expected: String)
    }

    /// Element path such as `/TravelerManifest/Travelers/Traveler[3]/DateOfBirth`; attributes
    /// end in `/@name`.
    public var path: String
    /// 1-based line of the element concerned (of the element found in its place for a missing
    /// one), or 0 when unknown.
    public var line: Int
    public var problem: Problem

    public init(path: String, line: Int, problem: Problem) {
        self.path = path
        self.line = line
        self.problem = problem
    }

    /// What is wrong, in one sentence.
    public var message: String {
        switch problem {
        case .unreadable(let diagnostics):
            diagnostics.first.map { "unreadable document: \($0.message)" } ?? "unreadable document"
        case .unknownMessage(let name):
            "\(Self.display(name)) is not a PaxSim v1 message root (expected one of "
                + PaxMessage.rootElementNames.joined(separator: ", ") + " in namespace \(PaxMessage.namespace))"
        case .missingElement(let name, let found):
            "missing element \(name)" + (found.map { " (found \($0) in its place)" } ?? "")
        case .missingAttribute(let name):
            "missing attribute \(name)"
        case .unexpectedElement(let name):
            name.namespace == PaxMessage.namespace || name.namespace.isEmpty
                ? "unexpected element \(Self.display(name))"
                : "unexpected element \(Self.display(name)): elements of other namespaces are allowed only at the end of an extensible element"
        case .unexpectedAttribute(let name):
            "unexpected attribute \(Self.display(name))"
        case .unexpectedText(let text):
            "unexpected text '\(XMLText.excerpt(text))' in an element that holds only elements"
        case .tooFew(let name, let minimum, let found):
            "\(found) \(name) element\(found == 1 ? "" : "s") where at least \(minimum) are required"
        case .tooMany(let name, let maximum):
            "more than \(maximum) \(name) element\(maximum == 1 ? "" : "s")"
        case .invalidValue(let value, let expected):
            "invalid value '\(XMLText.excerpt(value))': expected \(expected)"
        }
    }

    /// `line N: /path: message`.
    public var description: String {
        (line > 0 ? "line \(line): " : "") + (path.isEmpty ? "" : path + ": ") + message
    }

    /// The error as validator diagnostics: the parser's own for an unreadable document,
    /// otherwise one `PAX-DECODE` error of origin `.schema`.
    public var diagnostics: [Diagnostic] {
        if case .unreadable(let diagnostics) = problem, !diagnostics.isEmpty { return diagnostics }
        return [Diagnostic(self)]
    }

    /// The diagnostic code of decoding errors.
    public static let diagnosticCode = "PAX-DECODE"

    private static func display(_ name: QualifiedName) -> String {
        name.namespace == PaxMessage.namespace ? name.localName : name.description
    }
}

extension Diagnostic {
    /// A decoding error as one validator diagnostic (code `PAX-DECODE`, origin `.schema`).
    public init(_ error: MessageDecodingError) {
        self.init(severity: .error, line: error.line, column: 0, path: error.path,
                  code: MessageDecodingError.diagnosticCode, message: error.message, origin: .schema)
    }
}
