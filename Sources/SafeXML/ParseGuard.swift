internal import CLibXML2

/// The per-parse state our SAX hooks consult: limits, and what they refused.
final class ParseGuard {
    let maxDepth: Int
    let collector: ErrorCollector
    private(set) var refused = false

    init(maxDepth: Int, collector: ErrorCollector) {
        self.maxDepth = maxDepth
        self.collector = collector
    }

    func refuse(_ diagnostic: Diagnostic, parser: xmlParserCtxtPtr) {
        if !refused { collector.add(diagnostic) }
        refused = true
        xmlStopParser(parser)
    }

    /// Installs the hooks on a parser context whose `_private` already points at this guard.
    static func install(on sax: UnsafeMutablePointer<xmlSAXHandler>) {
        sax.pointee.internalSubset = refuseDoctype
        sax.pointee.externalSubset = refuseDoctype
        sax.pointee.entityDecl = nil
        sax.pointee.startElementNs = limitDepthThenBuild
    }

    static func from(_ parser: xmlParserCtxtPtr) -> ParseGuard? {
        parser.pointee._private.map { Unmanaged<ParseGuard>.fromOpaque($0).takeUnretainedValue() }
    }
}

/// Called by libxml2 at `<!DOCTYPE name ...`, before the internal subset is read.
private let refuseDoctype: internalSubsetSAXFunc = { context, _, _, _ in
    guard let context else { return }
    let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
    ParseGuard.from(parser)?.refuse(
        Diagnostic(severity: .error, line: Int(xmlSAX2GetLineNumber(context)), column: 1,
                   code: SafetyCode.doctype,
                   message: "document type declarations (DOCTYPE) are not accepted: they enable entity expansion and external entities",
                   origin: .safety),
        parser: parser)
}

/// libxml2's tree-building start handler, behind a nesting-depth check.
private let limitDepthThenBuild: startElementNsSAX2Func = {
    context, localname, prefix, uri, nbNamespaces, namespaces, nbAttributes, nbDefaulted, attributes in
    guard let context else { return }
    let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
    // The depth check runs for every element: read the limit without retaining the guard.
    let maxDepth = parser.pointee._private.map {
        Unmanaged<ParseGuard>.fromOpaque($0)._withUnsafeGuaranteedRef { $0.maxDepth }
    } ?? Int.max
    if Int(paxsim_ctxtDepth(parser)) >= maxDepth, let guardState = ParseGuard.from(parser) {
        guardState.refuse(
            Diagnostic(severity: .error, line: Int(xmlSAX2GetLineNumber(context)),
                       column: Int(xmlSAX2GetColumnNumber(context)), code: SafetyCode.tooDeep,
                       message: "elements nested deeper than \(guardState.maxDepth) levels",
                       origin: .safety),
            parser: parser)
        return
    }
    xmlSAX2StartElementNs(context, localname, prefix, uri, nbNamespaces, namespaces,
                          nbAttributes, nbDefaulted, attributes)
}
