internal import CLibXML2

/// Gathers libxml2's structured errors for one parse or validation, turning each into a
/// `Diagnostic` while the node it points at is still alive.
///
/// Used from one thread at a time, inside a synchronous call: libxml2 calls back on the
/// thread that runs the parse.
final class ErrorCollector {
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var suppressed = 0
    private let limit: Int
    /// Maps an error's node to its element path; set by the caller for the mode it runs in.
    var pathOf: (xmlNodePtr) -> String = { ElementPath.of($0) }
    /// Finds the column of an element's start tag when libxml2 gives none.
    var columnOf: ((_ line: Int, _ node: xmlNodePtr) -> Int)?
    /// The element path when libxml2 gives no node (streaming validation).
    var currentPath: (() -> String)?
    /// The parser's current line when libxml2 gives none (streaming validation).
    var currentLine: (() -> Int)?
    /// Extra context for messages: the line of the parser's current input when a parse error has no node.
    var origin: Diagnostic.Origin

    init(limit: Int, origin: Diagnostic.Origin) {
        self.limit = max(1, limit)
        self.origin = origin
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    func add(_ diagnostic: Diagnostic) {
        if diagnostics.count < limit {
            diagnostics.append(diagnostic)
        } else {
            suppressed += 1
        }
    }

    /// The diagnostics, with a final note when some were dropped over the limit.
    func finish() -> [Diagnostic] {
        var result = diagnostics
        if suppressed > 0 {
            result.append(Diagnostic(severity: .error, line: 0, code: SafetyCode.tooManyErrors,
                                     message: "\(suppressed) more diagnostics not shown", origin: .safety))
        }
        return result
    }

    func record(_ error: UnsafePointer<xmlError>) {
        let e = error.pointee
        let isWarning = e.level == XML_ERR_WARNING
        var message = e.message.map { String(cString: $0) } ?? "unknown libxml2 error"
        while message.last?.isNewline == true || message.last == " " { message.removeLast() }
        var line = Int(e.line)
        var column = Int(e.int2)
        var path = ""
        let domain = Int(e.domain)
        let isSchema = domain == Int(XML_FROM_SCHEMASV.rawValue) || domain == Int(XML_FROM_SCHEMASP.rawValue)
        if let raw = e.node {
            let node = raw.assumingMemoryBound(to: xmlNode.self)
            if node.pointee.type == XML_ELEMENT_NODE || node.pointee.type == XML_ATTRIBUTE_NODE {
                path = pathOf(node)
                if line == 0 { line = Int(xmlGetLineNo(node)) }
                if column == 0, let columnOf, node.pointee.type == XML_ELEMENT_NODE {
                    column = columnOf(line, node)
                }
            }
        }
        if path.isEmpty, isSchema, let currentPath { path = currentPath() }
        if line == 0, let currentLine { line = currentLine() }
        let kind: Diagnostic.Origin = isSchema && domain == Int(XML_FROM_SCHEMASV.rawValue) ? .schema : origin
        if line < 0 { line = 0 }
        if column < 0 { column = 0 }
        add(Diagnostic(severity: isWarning ? .warning : .error, line: line, column: column, path: path,
                       code: "XML-\(domainName(domain))-\(e.code)", message: message, origin: kind))
    }

    /// A C callback that forwards to the collector passed as user data.
    static let callback: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        Unmanaged<ErrorCollector>.fromOpaque(userData).takeUnretainedValue().record(error)
    }

    /// Runs `body` with this collector as the thread's structured error handler, restoring the
    /// previous handler afterwards. `body` must not suspend.
    func capturingThreadErrors<T>(_ body: () throws -> T) rethrows -> T {
        let previousHandler = __xmlStructuredError()?.pointee
        let previousContext = __xmlStructuredErrorContext()?.pointee
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(self).toOpaque(), Self.callback)
        defer { xmlSetStructuredErrorFunc(previousContext, previousHandler) }
        return try body()
    }
}

private func domainName(_ domain: Int) -> String {
    switch UInt32(domain) {
    case XML_FROM_PARSER.rawValue: "PARSER"
    case XML_FROM_NAMESPACE.rawValue: "NS"
    case XML_FROM_SCHEMASV.rawValue: "SCHEMASV"
    case XML_FROM_SCHEMASP.rawValue: "SCHEMASP"
    case XML_FROM_IO.rawValue: "IO"
    case XML_FROM_I18N.rawValue: "I18N"
    case XML_FROM_MEMORY.rawValue: "MEMORY"
    case XML_FROM_TREE.rawValue: "TREE"
    case XML_FROM_DTD.rawValue: "DTD"
    default: "D\(domain)"
    }
}
