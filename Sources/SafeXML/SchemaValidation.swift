internal import CLibXML2

/// The outcome of validating one document against a schema.
public struct ValidationReport: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, Codable {
        /// Parsed into a tree, then validated.
        case document
        /// Validated while streaming through the parser, in bounded memory.
        case stream
    }

    public var diagnostics: [Diagnostic]
    public var mode: Mode
    /// The root element, when the parser got that far.
    public var root: QualifiedName?

    public init(diagnostics: [Diagnostic], mode: Mode, root: QualifiedName?) {
        self.diagnostics = diagnostics
        self.mode = mode
        self.root = root
    }

    /// True when no diagnostic is an error (warnings allowed).
    public var isValid: Bool { !diagnostics.contains { $0.severity == .error } }
}

extension XMLSchema {
    /// Validates a parsed document; returns every diagnostic (empty when valid).
    public func validate(_ document: XMLDocument, limits: ParseLimits = .default) -> [Diagnostic] {
        validate(document, with: pointer, limits: limits)
    }

    /// The same diagnostics as `validate(_:limits:)`, found faster for a valid document: it is
    /// validated with the accepting variant first (long value lists as patterns, see
    /// `EnumerationPatterns`), and only a document that variant has anything to say about is
    /// validated again with this schema, whose diagnostics are the ones returned. For callers
    /// that mostly see valid documents; one that expects invalid ones pays for two validations.
    public func validateAcceptingFirst(_ document: XMLDocument, limits: ParseLimits = .default) -> [Diagnostic] {
        let accepting = accepting()
        if accepting != pointer, validate(document, with: accepting, limits: limits).isEmpty { return [] }
        return validate(document, with: pointer, limits: limits)
    }

    private func validate(_ document: XMLDocument, with compiled: xmlSchemaPtr, limits: ParseLimits) -> [Diagnostic] {
        let collector = ErrorCollector(limit: limits.maxDiagnostics, origin: .schema)
        var source = SourceText(document.source)
        collector.columnOf = { line, node in
            var qname = String(cString: node.pointee.name)
            if let prefix = node.pointee.ns?.pointee.prefix { qname = String(cString: prefix) + ":" + qname }
            return source.column(ofStartTag: qname, line: line)
        }
        let result: Int32 = collector.capturingThreadErrors {
            guard let context = xmlSchemaNewValidCtxt(compiled) else { return -1 }
            defer { xmlSchemaFreeValidCtxt(context) }
            xmlSchemaSetValidStructuredErrors(context, ErrorCollector.callback, Unmanaged.passUnretained(collector).toOpaque())
            return xmlSchemaValidateDoc(context, document.pointer)
        }
        var diagnostics = collector.finish()
        if result != 0 && !diagnostics.contains(where: { $0.severity == .error }) {
            diagnostics.append(Diagnostic(severity: .error, line: 0, code: "XML-SCHEMASV-\(result)",
                                          message: result < 0 ? "internal validation failure" : "document is not valid",
                                          origin: .schema))
        }
        return diagnostics
    }

    /// Parses and validates bytes held in memory.
    public func validate(bytes: [UInt8], limits: ParseLimits = .default) -> ValidationReport {
        do {
            let document = try XMLDocument.parse(bytes, limits: limits)
            return ValidationReport(diagnostics: document.warnings + validate(document, limits: limits),
                                    mode: .document, root: document.rootName)
        } catch {
            return ValidationReport(diagnostics: error.diagnostics, mode: .document, root: nil)
        }
    }

    /// Parses and validates a file, read as the parser goes (see `XMLDocument.parse(fileAt:)`).
    public func validate(fileAt path: String, limits: ParseLimits = .default) -> ValidationReport {
        do {
            let document = try XMLDocument.parse(fileAt: path, limits: limits)
            return ValidationReport(diagnostics: document.warnings + validate(document, limits: limits),
                                    mode: .document, root: document.rootName)
        } catch {
            switch error {
            case .document(let failure):
                return ValidationReport(diagnostics: failure.diagnostics, mode: .document, root: nil)
            case .unreadable(.tooLarge(let size, _)):
                return ValidationReport(diagnostics: [XMLDocument.tooLarge(size, limits: limits)], mode: .document, root: nil)
            case .unreadable(let failure):
                return ValidationReport(diagnostics: [Diagnostic(severity: .error, line: 0, code: SafetyCode.io,
                                                                 message: failure.description, origin: .safety)],
                                        mode: .document, root: nil)
            }
        }
    }
}
