internal import CLibXML2

/// A parsed, well-formed XML document (libxml2 tree), read under SafeXML's rules:
/// no DOCTYPE, no entity expansion, no network, no XInclude, bounded size and depth.
///
/// Not `Sendable`: a document belongs to the task that parsed it.
public final class XMLDocument {
    let pointer: xmlDocPtr
    /// Where the bytes came from, for column look-ups in diagnostics.
    let source: DocumentSource
    /// Warnings the parser reported on an otherwise well-formed document.
    public let warnings: [Diagnostic]

    init(pointer: xmlDocPtr, source: DocumentSource, warnings: [Diagnostic]) {
        self.pointer = pointer
        self.source = source
        self.warnings = warnings
    }

    deinit { xmlFreeDoc(pointer) }

    /// The libxml2 options every parse uses. Never NOENT, DTDLOAD, HUGE, RECOVER or XINCLUDE.
    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_BIG_LINES.rawValue)

    /// Parses `bytes`, or throws every diagnostic that explains why it cannot be read.
    public static func parse(_ bytes: [UInt8], limits: ParseLimits = .default) throws(XMLParseError) -> XMLDocument {
        _ = LibXML.ready
        if bytes.count > limits.maxDocumentBytes {
            throw XMLParseError([tooLarge(bytes.count, limits: limits)])
        }
        if bytes.isEmpty { throw XMLParseError([empty]) }
        if let refusal = prologRefusal(PrologGuard.inspect(bytes[...])) { throw XMLParseError([refusal]) }
        let (doc, warnings) = try bytes.withUnsafeBufferPointer { buffer throws(XMLParseError) in
            try buffer.withMemoryRebound(to: CChar.self) { chars throws(XMLParseError) in
                // xmlCreateMemoryParserCtxt copies the bytes (2.9's static input buffers
                // mis-parse large documents).
                try build(limits: limits) { xmlCreateMemoryParserCtxt(chars.baseAddress, Int32(chars.count)) }
            }
        }
        return XMLDocument(pointer: doc, source: .memory(bytes), warnings: warnings)
    }

    /// Runs libxml2's tree builder on the parser context `makeParser` creates, behind the
    /// SAX hooks of `ParseGuard` (DOCTYPE refusal, depth limit), collecting every error.
    /// The caller has already checked the prolog and the size.
    static func build(limits: ParseLimits, makeParser: () -> xmlParserCtxtPtr?) throws(XMLParseError) -> (xmlDocPtr, [Diagnostic]) {
        let collector = ErrorCollector(limit: limits.maxDiagnostics, origin: .parser)
        let guardState = ParseGuard(maxDepth: limits.maxDepth, collector: collector)
        let (doc, wellFormed): (xmlDocPtr?, Bool) = collector.capturingThreadErrors {
            guard let parser = makeParser() else { return (nil, false) }
            defer { xmlFreeParserCtxt(parser) }
            // The hooks go on before parsing (xmlCtxtReadMemory would reset `_private`).
            xmlCtxtUseOptions(parser, options)
            parser.pointee._private = Unmanaged.passUnretained(guardState).toOpaque()
            ParseGuard.install(on: parser.pointee.sax)
            _ = xmlParseDocument(parser)
            let ok = parser.pointee.wellFormed != 0 && parser.pointee.nsWellFormed != 0
            let doc = parser.pointee.myDoc
            parser.pointee.myDoc = nil
            return (doc, ok)
        }
        guard let doc, wellFormed, !guardState.refused, !collector.hasErrors else {
            if let doc { xmlFreeDoc(doc) }
            var diagnostics = collector.finish()
            if diagnostics.isEmpty {
                diagnostics = [Diagnostic(severity: .error, line: 0, code: "XML-PARSER-0",
                                          message: "document is not well-formed", origin: .parser)]
            }
            throw XMLParseError(diagnostics)
        }
        return (doc, collector.finish())
    }

    static func tooLarge(_ size: Int, limits: ParseLimits) -> Diagnostic {
        Diagnostic(severity: .error, line: 0, code: SafetyCode.tooLarge,
                   message: "document is \(size) bytes, over the \(limits.maxDocumentBytes)-byte limit for in-memory parsing; validate it in streaming mode",
                   origin: .safety)
    }

    static let empty = Diagnostic(severity: .error, line: 1, column: 1, code: SafetyCode.empty,
                                  message: "document is empty", origin: .safety)

    static func prologRefusal(_ verdict: PrologGuard.Verdict) -> Diagnostic? {
        switch verdict {
        case .doctype(let line):
            Diagnostic(severity: .error, line: line, column: 1, code: SafetyCode.doctype,
                       message: "document type declarations (DOCTYPE) are not accepted: they enable entity expansion and external entities",
                       origin: .safety)
        case .unsupportedEncoding(let name):
            Diagnostic(severity: .error, line: 1, column: 1, code: SafetyCode.encoding,
                       message: "\(name) documents are not accepted; messages must be UTF-8 (or an ASCII-compatible encoding)",
                       origin: .safety)
        case .root, .malformed, .needMore:
            nil
        }
    }

    /// The root element as a Swift value tree (converts the whole document: use for messages,
    /// not for multi-megabyte files).
    public var root: XMLElement? {
        guard let node = xmlDocGetRootElement(pointer) else { return nil }
        var strings = NodeStrings()
        return XMLElement(node, strings: &strings)
    }

    /// The line of the root element's start tag (cheap: no tree conversion).
    public var rootLine: Int {
        guard let node = xmlDocGetRootElement(pointer) else { return 0 }
        return Int(xmlGetLineNo(node))
    }

    /// The root element's local name and namespace URI.
    public var rootName: QualifiedName? {
        guard let node = xmlDocGetRootElement(pointer) else { return nil }
        return QualifiedName(node)
    }
}

/// A namespace URI and local name, as `{namespace}local` in Clark notation.
public struct QualifiedName: Sendable, Hashable, Codable, CustomStringConvertible {
    public var namespace: String
    public var localName: String

    public init(namespace: String, localName: String) {
        self.namespace = namespace
        self.localName = localName
    }

    init(_ node: xmlNodePtr) {
        localName = String(cString: node.pointee.name)
        namespace = node.pointee.ns?.pointee.href.map { String(cString: $0) } ?? ""
    }

    public var description: String { namespace.isEmpty ? localName : "{\(namespace)}\(localName)" }
}
