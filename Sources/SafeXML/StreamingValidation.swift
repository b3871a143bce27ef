import Foundation
internal import CLibXML2

extension XMLSchema {
    /// Validates a file while streaming it through the parser: memory stays bounded whatever
    /// the file's size, because no tree is built.
    public func validateStream(fileAt path: String, limits: ParseLimits = .default) -> ValidationReport {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            return ValidationReport(
                diagnostics: [Diagnostic(severity: .error, line: 0, code: SafetyCode.io,
                                         message: "cannot open: \(String(cString: strerror(errno)))", origin: .safety)],
                mode: .stream, root: nil)
        }
        defer { close(fd) }
        return validateStream(fileDescriptor: fd, limits: limits)
    }

    /// Validates everything readable from `fileDescriptor` (a file, pipe or standard input).
    public func validateStream(fileDescriptor fd: Int32, limits: ParseLimits = .default) -> ValidationReport {
        validateStream(limits: limits) { buffer in
            while true {
                let n = read(fd, buffer.baseAddress, buffer.count)
                if n < 0 && errno == EINTR { continue }
                return n
            }
        }
    }

    /// Validates bytes already in memory through the streaming path (same results, no tree).
    public func validateStream(bytes: [UInt8], limits: ParseLimits = .default) -> ValidationReport {
        var reader = InMemoryReader(bytes: bytes)
        return validateStream(limits: limits) { reader.read(into: $0) }
    }

    /// Validates what `read` supplies, in streaming mode. `read` fills a buffer and returns the byte count, 0 at the end,
    /// or -1 with `errno` set.
    public func validateStream(limits: ParseLimits = .default, read: (UnsafeMutableRawBufferPointer) -> Int) -> ValidationReport {
        let (compiled, constraints) = streaming()
        return streamPass(schema: compiled, constraints: constraints, limits: limits, builder: nil, read: read).report
    }

    /// `validateStream(limits:read:)` for input that can be read twice, faster when it is valid:
    /// the first pass uses the accepting variant (long value lists as patterns, see
    /// `EnumerationPatterns`); only input that pass has anything to say about is read again,
    /// after `rewind`, by the exact pass, whose report is the one returned. `rewind` puts `read`
    /// back at the start and says whether it could; if it could not, the report says so.
    public func validateStreamAcceptingFirst(limits: ParseLimits = .default, read: (UnsafeMutableRawBufferPointer) -> Int,
                                             rewind: () -> Bool) -> ValidationReport {
        let (exact, constraints) = streaming()
        if let accepting = acceptingStreaming() {
            let first = streamPass(schema: accepting, constraints: constraints, limits: limits, builder: nil, read: read)
            if first.clean, first.report.diagnostics.isEmpty { return first.report }
            guard rewind() else {
                return ValidationReport(
                    diagnostics: [Diagnostic(severity: .error, line: 0, code: SafetyCode.io,
                                             message: "the input is not valid, and could not be read a second time for the exact diagnostics",
                                             origin: .safety)],
                    mode: .stream, root: first.report.root)
            }
        }
        return streamPass(schema: exact, constraints: constraints, limits: limits, builder: nil, read: read).report
    }

    /// What one streaming pass found: the report, and whether the document came through it
    /// with nothing to say against it (well-formed, namespace-well-formed, not refused, valid).
    struct StreamPass {
        var report: ValidationReport
        var clean: Bool
    }

    /// One streaming pass of the compiled `schema` (with `constraints` checked alongside) over
    /// what `read` supplies. With a `builder`, the same parser events also build the elements.
    func streamPass(schema compiled: xmlSchemaPtr, constraints: [StreamingUniqueness], limits: ParseLimits,
                    builder: UnsafeMutablePointer<ElementBuilder>?,
                    read: (UnsafeMutableRawBufferPointer) -> Int) -> StreamPass {
        _ = LibXML.ready
        let collector = ErrorCollector(limit: limits.maxDiagnostics, origin: .parser)
        let state = StreamState(maxDepth: limits.maxDepth, collector: collector, uniqueness: constraints, builder: builder)
        collector.currentPath = { [unowned state] in state.path }
        collector.currentLine = { [unowned state] in state.line() }

        func report(clean: Bool = false) -> StreamPass {
            StreamPass(report: ValidationReport(diagnostics: collector.finish(), mode: .stream, root: state.root),
                       clean: clean && !collector.hasErrors)
        }
        func ioFailure() -> StreamPass {
            collector.add(Diagnostic(severity: .error, line: 0, code: SafetyCode.io,
                                     message: "read failed: \(String(cString: strerror(errno)))", origin: .safety))
            return report()
        }

        let chunkSize = 256 << 10
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { chunk.deallocate() }

        // The prolog first: refuse DOCTYPE and non-ASCII-compatible encodings before libxml2 sees a byte.
        var prolog: [UInt8] = []
        decide: while true {
            let n = read(chunk)
            if n < 0 { return ioFailure() }
            if n == 0 { break }
            prolog.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
            switch PrologGuard.inspect(prolog[...]) {
            case .needMore where prolog.count <= PrologGuard.maximumPrologBytes: continue
            case let verdict:
                if let refusal = XMLDocument.prologRefusal(verdict) {
                    collector.add(refusal)
                    return report()
                }
                break decide
            }
        }
        if prolog.isEmpty {
            collector.add(Diagnostic(severity: .error, line: 1, column: 1, code: SafetyCode.empty,
                                     message: "document is empty", origin: .safety))
            return report()
        }

        guard let validation = xmlSchemaNewValidCtxt(compiled) else { return ioFailure() }
        defer { xmlSchemaFreeValidCtxt(validation) }
        xmlSchemaSetValidStructuredErrors(validation, ErrorCollector.callback, Unmanaged.passUnretained(collector).toOpaque())

        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = streamStartElement
        handler.endElementNs = streamEndElement
        handler.internalSubset = streamRefuseDoctype
        handler.externalSubset = streamRefuseDoctype
        if builder != nil {
            // Text reaches the builder too; whitespace is never "ignorable" (as in a tree).
            handler.characters = streamCharacters
            handler.ignorableWhitespace = streamCharacters
            handler.cdataBlock = streamCharacters
        }

        return withUnsafeMutablePointer(to: &handler) { handlerPointer -> StreamPass in
            var sax: UnsafeMutablePointer<xmlSAXHandler>? = handlerPointer
            var userData: UnsafeMutableRawPointer? = Unmanaged.passUnretained(state).toOpaque()
            guard let plug = xmlSchemaSAXPlug(validation, &sax, &userData) else { return ioFailure() }
            defer { xmlSchemaSAXUnplug(plug) }

            let parser: xmlParserCtxtPtr? = collector.capturingThreadErrors {
                xmlCreatePushParserCtxt(sax, userData, nil, 0, nil)
            }
            guard let parser else { return ioFailure() }
            defer { xmlFreeParserCtxt(parser) }
            xmlCtxtUseOptions(parser, XMLDocument.options)
            state.attach(parser)

            func push(_ bytes: UnsafeRawBufferPointer, last: Bool) -> Bool {
                let code = collector.capturingThreadErrors {
                    xmlParseChunk(parser, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), last ? 1 : 0)
                }
                return code == 0 && !state.refused && parser.pointee.disableSAX == 0
            }

            var going = prolog.withUnsafeBytes { push($0, last: false) }
            prolog = []
            while going {
                let n = read(chunk)
                if n < 0 { return ioFailure() }
                if n == 0 { _ = push(UnsafeRawBufferPointer(start: nil, count: 0), last: true); break }
                going = push(UnsafeRawBufferPointer(rebasing: chunk[0..<n]), last: false)
            }
            if (parser.pointee.wellFormed == 0 || state.refused) && !collector.hasErrors {
                collector.add(Diagnostic(severity: .error, line: Int(parser.pointee.input?.pointee.line ?? 0),
                                         code: "XML-PARSER-0", message: "document is not well-formed", origin: .parser))
            }
            return report(clean: parser.pointee.wellFormed != 0 && parser.pointee.nsWellFormed != 0 && !state.refused
                          && xmlSchemaIsValid(validation) == 1)
        }
    }
}

/// Hands bytes already in memory to a streaming pass, one buffer at a time.
struct InMemoryReader {
    let bytes: [UInt8]
    private var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Copies the next bytes into `buffer`; the count copied, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let n = min(buffer.count, bytes.count - offset)
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + n)]))
        }
        offset += n
        return n
    }
}

/// Per-stream state our SAX callbacks keep: nesting, positions for element paths, refusals.
///
/// The callbacks run once per element of a document that may hold millions, so the fields
/// they change live in a `Cursor` behind a pointer that this object owns: accesses through a
/// pointer need no dynamic exclusivity checks, which on a class's stored properties cost more
/// than the bookkeeping itself.
final class StreamState {
    struct Frame {
        var name: UnsafePointer<xmlChar>
        var index: Int
        /// Where this frame's child-name counts start in `childCounts`.
        var countsStart: Int
    }

    /// One open scope of a constraint: the frame depth of its scope element and the key hashes seen.
    struct OpenScope {
        var constraint: Int
        var depth: Int
        var keys: Set<UInt64>
    }

    /// A uniqueness constraint with its names interned in the parser's dictionary, so that a
    /// start tag is matched by comparing pointers.
    struct InternedConstraint {
        var scope: UnsafePointer<xmlChar>?
        var selector: UnsafePointer<xmlChar>?
    }

    /// The per-element bookkeeping.
    struct Cursor {
        var frames: [Frame] = []
        /// Per-frame counts of child names, stacked flat: a frame's entries follow its parent's and
        /// are dropped when it closes, so tracking positions allocates nothing per element.
        var childCounts: [(name: UnsafePointer<xmlChar>, count: Int)] = []
        /// An end tag whose pop is deferred to the next event, so that errors the validator
        /// raises at the end tag still see the element on the stack.
        var pendingPop = false
        var openScopes: [OpenScope] = []
        var interned: [InternedConstraint] = []

        mutating func settle() {
            if pendingPop {
                if let frame = frames.popLast() { childCounts.removeSubrange(frame.countsStart...) }
                while let last = openScopes.last, last.depth >= frames.count { openScopes.removeLast() }
                pendingPop = false
            }
        }
    }

    let maxDepth: Int
    let collector: ErrorCollector
    /// Identity constraints checked here rather than by libxml2 (see `StreamingUniqueness`).
    let uniqueness: [StreamingUniqueness]
    let cursor: UnsafeMutablePointer<Cursor>
    /// Builds the elements from the same events, for the one-pass check (owned by the caller).
    let builder: UnsafeMutablePointer<ElementBuilder>?
    private(set) var parser: xmlParserCtxtPtr?
    var refused = false
    var root: QualifiedName?

    init(maxDepth: Int, collector: ErrorCollector, uniqueness: [StreamingUniqueness] = [],
         builder: UnsafeMutablePointer<ElementBuilder>? = nil) {
        self.maxDepth = maxDepth
        self.collector = collector
        self.uniqueness = uniqueness
        self.builder = builder
        cursor = .allocate(capacity: 1)
        cursor.initialize(to: Cursor())
    }

    deinit {
        cursor.deinitialize(count: 1)
        cursor.deallocate()
    }

    /// Attaches the parser and interns the constraints' element names in its dictionary
    /// (SAX2 hands us names from that dictionary).
    func attach(_ parser: xmlParserCtxtPtr) {
        self.parser = parser
        let dictionary = parser.pointee.dict
        cursor.pointee.interned = uniqueness.map { constraint in
            InternedConstraint(scope: Self.intern(constraint.scope, in: dictionary),
                               selector: Self.intern(constraint.selector, in: dictionary))
        }
    }

    private static func intern(_ name: String, in dictionary: xmlDictPtr?) -> UnsafePointer<xmlChar>? {
        guard let dictionary else { return nil }
        return name.withCString { xmlDictLookup(dictionary, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self), -1) }
    }

    /// Checks the keys of a new element (already pushed as the last frame) and opens the
    /// scopes it declares.
    func checkUniqueness(localName: UnsafePointer<xmlChar>, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int) {
        let depth = cursor.pointee.frames.count - 1
        let interned = cursor.pointee.interned
        var index = cursor.pointee.openScopes.count - 1
        while index >= 0 {
            let scope = cursor.pointee.openScopes[index]
            index -= 1
            guard scope.depth == depth - 1, interned[scope.constraint].selector == localName else { continue }
            let constraint = uniqueness[scope.constraint]
            guard let value = attributeValue(constraint.attribute, attributes, count) else { continue }
            let key = constraint.comparison.key(value)
            if !cursor.pointee.openScopes[index + 1].keys.insert(Self.stableHash(key)).inserted {
                let namespace = root?.namespace ?? ""
                let name = String(cString: localName)
                collector.add(Diagnostic(
                    severity: .error, line: line(), path: path, code: "XML-SCHEMASV-1877",
                    message: "Element '\(namespace.isEmpty ? name : "{\(namespace)}\(name)")': Duplicate key-sequence ['\(key)'] in unique identity-constraint '\(constraint.name)'.",
                    origin: .schema))
            }
        }
        for (index, constraint) in interned.enumerated() where constraint.scope == localName {
            cursor.pointee.openScopes.append(OpenScope(constraint: index, depth: depth, keys: []))
        }
    }

    private func attributeValue(_ name: String, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, _ count: Int) -> String? {
        guard let attributes else { return nil }
        for i in 0..<count {
            // libxml2 SAX2: localname, prefix, URI, value, end — five pointers per attribute.
            guard let local = attributes[i * 5], attributes[i * 5 + 2] == nil,
                  String(cString: local) == name,
                  let start = attributes[i * 5 + 3], let end = attributes[i * 5 + 4] else { continue }
            return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
        }
        return nil
    }

    /// FNV-1a, 64 bits: stable across runs (Swift's Hasher is seeded per process).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    var path: String {
        "/" + cursor.pointee.frames.map { frame in
            let name = String(cString: frame.name)
            return frame.index > 1 ? "\(name)[\(frame.index)]" : name
        }.joined(separator: "/")
    }

    /// Whether an element may open below `depth` open ones; refuses the document when not.
    func admits(depth: Int) -> Bool {
        guard depth >= maxDepth else { return true }
        refuse(Diagnostic(severity: .error, line: line(), code: SafetyCode.tooDeep,
                          message: "elements nested deeper than \(maxDepth) levels", origin: .safety))
        return false
    }

    func refuse(_ diagnostic: Diagnostic) {
        if !refused { collector.add(diagnostic) }
        refused = true
        if let parser { xmlStopParser(parser) }
    }

    func line() -> Int {
        Int(parser?.pointee.input?.pointee.line ?? 0)
    }
}

private func streamState(_ context: UnsafeMutableRawPointer?) -> StreamState? {
    context.map { Unmanaged<StreamState>.fromOpaque($0).takeUnretainedValue() }
}

private let streamStartElement: startElementNsSAX2Func = { context, localname, prefix, uri, _, _, nbAttributes, _, attributes in
    guard let context, let localname else { return }
    // Once per element: borrow the state without a retain/release pair.
    Unmanaged<StreamState>.fromOpaque(context)._withUnsafeGuaranteedRef { state in
        guard let builder = state.builder else {
            streamStart(state, localname, uri, Int(nbAttributes), attributes)
            return
        }
        // Building: no element paths are kept (a document with anything to report is read
        // again as a tree), only the depth limit.
        guard state.admits(depth: builder.pointee.depth) else { return }
        builder.pointee.start(localName: localname, prefix: prefix, uri: uri, attributes: attributes,
                              count: Int(nbAttributes), line: state.line(), dictionary: state.parser?.pointee.dict)
    }
}

private func streamStart(_ state: StreamState, _ localname: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?,
                         _ nbAttributes: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
    let cursor = state.cursor
    cursor.pointee.settle()
    guard state.admits(depth: cursor.pointee.frames.count) else { return }
    if state.root == nil {
        state.root = QualifiedName(namespace: uri.map { String(cString: $0) } ?? "", localName: String(cString: localname))
    }
    var index = 1
    if let parent = cursor.pointee.frames.last {
        // Names are interned in the parser's dictionary: pointer equality is name equality.
        var found = false
        var i = parent.countsStart
        let end = cursor.pointee.childCounts.count
        while i < end {
            if cursor.pointee.childCounts[i].name == localname {
                cursor.pointee.childCounts[i].count += 1
                index = cursor.pointee.childCounts[i].count
                found = true
                break
            }
            i += 1
        }
        if !found { cursor.pointee.childCounts.append((localname, 1)) }
    }
    cursor.pointee.frames.append(StreamState.Frame(name: localname, index: index, countsStart: cursor.pointee.childCounts.count))
    if !state.uniqueness.isEmpty {
        state.checkUniqueness(localName: localname, attributes: attributes, count: nbAttributes)
    }
}

private let streamEndElement: endElementNsSAX2Func = { context, _, _, _ in
    guard let context else { return }
    Unmanaged<StreamState>.fromOpaque(context)._withUnsafeGuaranteedRef { state in
        if let builder = state.builder {
            builder.pointee.end()
        } else {
            state.cursor.pointee.settle()
            state.cursor.pointee.pendingPop = true
        }
    }
}

private let streamCharacters: charactersSAXFunc = { context, characters, length in
    guard let context, let characters, length > 0 else { return }
    Unmanaged<StreamState>.fromOpaque(context)._withUnsafeGuaranteedRef { state in
        state.builder?.pointee.text(UnsafeBufferPointer(start: characters, count: Int(length)))
    }
}

private let streamRefuseDoctype: internalSubsetSAXFunc = { context, _, _, _ in
    guard let state = streamState(context) else { return }
    state.refuse(Diagnostic(severity: .error, line: state.line(), column: 1, code: SafetyCode.doctype,
                            message: "document type declarations (DOCTYPE) are not accepted: they enable entity expansion and external entities",
                            origin: .safety))
}
