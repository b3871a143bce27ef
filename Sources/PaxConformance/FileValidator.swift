import Foundation
import SafeXML
import PaxMessages

/// Validates one input under `ValidationOptions`: parse or stream, pick the schema, validate,
/// then run business rules on schema-valid documents.
public struct FileValidator: Sendable {
    public let options: ValidationOptions

    public init(options: ValidationOptions) { self.options = options }

    public func validate(_ input: ValidationInput) -> FileOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        var outcome: FileOutcome
        switch input {
        case .unreadable(let path, let reason):
            outcome = unreadable(path, reason)
        case .standardInput:
            outcome = options.streams(size: nil)
                ? validateStream(name: input.displayName, fd: STDIN_FILENO)
                : validateInMemory(name: input.displayName, path: "-")
        case .file(let path) where options.schema == nil && EDIFACTValidation.looksLikeEDIFACT(path: path):
            outcome = options.syntaxOnly
                ? EDIFACTValidation.checkSyntax(path: path, name: path, options: options.edifactReader)
                : EDIFACTValidation.validate(path: path, name: path, validator: self)
        case .file(let path):
            let size = InputFile.size(of: path) ?? 0
            if options.streams(size: size) {
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                if fd < 0 {
                    outcome = unreadable(path, String(cString: strerror(errno)))
                } else {
                    outcome = validateStream(name: path, fd: fd)
                    close(fd)
                }
                // Valid files are done; an invalid one that fits gets the tree's exact
                // columns and element positions (streaming cannot know later siblings).
                if outcome.status == .invalid, options.rechecksInvalidAsTree(size: size) {
                    outcome = validateInMemory(name: path, path: path)
                }
            } else {
                outcome = validateInMemory(name: path, path: path)
            }
        }
        let elapsed = clock.now - start
        outcome.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return outcome
    }

    /// Validates bytes already in memory, named `name` in the outcome.
    public func validate(bytes: [UInt8], name: String) -> FileOutcome {
        let document: XMLDocument
        do {
            document = try XMLDocument.parse(bytes, limits: options.limits)
        } catch {
            return FileOutcome(path: name, status: .invalid, messageType: nil, mode: .document,
                               diagnostics: error.diagnostics, seconds: 0)
        }
        return validate(document, name: name)
    }

    /// Validates a parsed document: schema by its root, then business rules.
    private func validate(_ document: XMLDocument, name: String) -> FileOutcome {
        guard let root = document.rootName else {
            return FileOutcome(path: name, status: .invalid, messageType: nil, mode: .document,
                               diagnostics: [Diagnostic(severity: .error, line: 1, code: "XML-PARSER-4",
                                                        message: "document has no root element", origin: .parser)],
                               seconds: 0)
        }
        let (schema, entry, problem) = choose(for: root, line: document.rootLine)
        guard let schema else {
            return FileOutcome(path: name, status: .invalid, messageType: root.description, mode: .document,
                               diagnostics: problem.map { [$0] } ?? [], seconds: 0)
        }
        // Most documents a validator sees are valid: the accepting variant decides those faster,
        // and anything it questions gets the published schema's own diagnostics.
        var diagnostics = document.warnings + schema.validateAcceptingFirst(document, limits: options.limits)
        if options.runRules, let entry, !diagnostics.contains(where: { $0.severity == .error }) {
            diagnostics += entry.rules(document)
        }
        return finish(name: name, root: root, mode: .document, diagnostics: diagnostics)
    }

    private func validateInMemory(name: String, path: String) -> FileOutcome {
        if path != "-" {
            // A file is parsed as libxml2 reads it: no whole copy of its bytes in memory.
            do {
                return validate(try XMLDocument.parse(fileAt: path, limits: options.limits), name: name)
            } catch {
                switch error {
                case .unreadable(let failure): return unreadable(name, failure.description)
                case .document(let failure):
                    return FileOutcome(path: name, status: .invalid, messageType: nil, mode: .document,
                                       diagnostics: failure.diagnostics, seconds: 0)
                }
            }
        }
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path, limit: options.limits.maxDocumentBytes)
        } catch {
            if case .tooLarge = error, path == "-" {
                return unreadable(name, "\(error); pass --stream to validate large input from standard input")
            }
            return unreadable(name, error.description)
        }
        return validate(bytes: bytes, name: name)
    }

    private func validateStream(name: String, fd: Int32) -> FileOutcome {
        // Read enough to name the root element, then hand those bytes and the rest to the validator.
        var prefix: [UInt8] = []
        let peekBytes = 64 << 10
        var chunk = [UInt8](repeating: 0, count: peekBytes)
        var exhausted = false
        while prefix.count < peekBytes {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count - prefix.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return unreadable(name, "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { exhausted = true; break }
            prefix.append(contentsOf: chunk[0..<n])
        }
        let peeked = RootPeek.root(of: prefix)
        var schema = options.schema
        var entry: CatalogueEntry? = nil
        if schema == nil {
            guard let root = peeked else {
                // Let the parser explain what is wrong with the start of the document.
                let report = options.catalogue.entries.first.map { $0.schema.validateStream(bytes: prefix, limits: options.limits) }
                let diagnostics = report?.diagnostics.filter { $0.origin != .schema } ?? []
                return FileOutcome(path: name, status: .invalid, messageType: nil, mode: .stream,
                                   diagnostics: diagnostics.isEmpty ? [Diagnostic(
                                       severity: .error, line: 1, code: ConformanceCode.unknownMessageType,
                                       message: "cannot find the root element in the first \(peekBytes / 1024) KiB",
                                       origin: .safety)] : diagnostics,
                                   seconds: 0)
            }
            let (chosen, chosenEntry, problem) = choose(for: root, line: 1)
            guard let chosen else {
                return FileOutcome(path: name, status: .invalid, messageType: root.description, mode: .stream,
                                   diagnostics: problem.map { [$0] } ?? [], seconds: 0)
            }
            schema = chosen
            entry = chosenEntry
        }
        guard let schema else { return unreadable(name, "no schema") }
        var offset = 0
        let readInput = { (buffer: UnsafeMutableRawBufferPointer) -> Int in
            if offset < prefix.count {
                let n = min(buffer.count, prefix.count - offset)
                prefix.withUnsafeBytes { source in
                    buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + n)]))
                }
                offset += n
                return n
            }
            if exhausted { return 0 }
            while true {
                let n = read(fd, buffer.baseAddress, buffer.count)
                if n < 0 && errno == EINTR { continue }
                return n
            }
        }
        let report: ValidationReport
        if InputFile.size(ofOpen: fd) != nil {
            // A file can be read twice: a valid one (most) is decided by the faster accepting
            // pass; anything that pass questions is read again for the exact diagnostics.
            let afterPrefix = off_t(prefix.count)
            report = schema.validateStreamAcceptingFirst(limits: options.limits, read: readInput) {
                offset = 0
                return exhausted || lseek(fd, afterPrefix, SEEK_SET) == afterPrefix
            }
        } else {
            report = schema.validateStream(limits: options.limits, read: readInput)
        }
        var diagnostics = report.diagnostics
        if options.runRules, entry != nil, report.isValid {
            diagnostics.append(Diagnostic(severity: .warning, line: 0, code: ConformanceCode.rulesSkipped,
                                          message: "business rules are not checked in streaming mode (schema only)",
                                          origin: .rule))
        }
        return finish(name: name, root: report.root ?? peeked, mode: .stream, diagnostics: diagnostics)
    }

    private func choose(for root: QualifiedName, line: Int) -> (XMLSchema?, CatalogueEntry?, Diagnostic?) {
        if let schema = options.schema { return (schema, nil, nil) }
        if let entry = options.catalogue.entry(for: root) { return (entry.schema, entry, nil) }
        let known = options.catalogue.knownRoots
        let message = known.isEmpty
            ? "no schema given and the embedded catalogue knows no message types yet; pass --schema FILE.xsd"
            : "unknown message type \(root); known: \(known.map(\.localName).joined(separator: ", ")) in \(Set(known.map(\.namespace)).sorted().joined(separator: ", ")); pass --schema FILE.xsd for other documents"
        return (nil, nil, Diagnostic(severity: .error, line: line, code: known.isEmpty ? ConformanceCode.noSchema : ConformanceCode.unknownMessageType,
                                     message: message, origin: .schema))
    }

    private func finish(name: String, root: QualifiedName?, mode: ValidationReport.Mode, diagnostics: [Diagnostic]) -> FileOutcome {
        let invalid = diagnostics.contains { $0.severity == .error }
        return FileOutcome(path: name, status: invalid ? .invalid : .valid, messageType: root?.description,
                           mode: mode, diagnostics: diagnostics, seconds: 0)
    }

    private func unreadable(_ path: String, _ reason: String) -> FileOutcome {
        FileOutcome(path: path, status: .unreadable, messageType: nil, mode: nil,
                    diagnostics: [Diagnostic(severity: .error, line: 0, code: SafetyCode.io, message: reason, origin: .safety)],
                    seconds: 0)
    }
}
