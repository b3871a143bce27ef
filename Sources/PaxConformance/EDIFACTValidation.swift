import Foundation
import PaxEDIFACT
import PaxEDIFACTMapping
import SafeXML

/// `paxsim validate` on a UN/EDIFACT interchange: syntax and envelope diagnostics (with their
/// segment positions), PAXLST mapping diagnostics, then each converted manifest through the
/// same schema and business rules as native XML (their paths name the manifest element).
enum EDIFACTValidation {
    /// Whether the file at `path` starts like an EDIFACT interchange (see `InputFormat.detect`).
    static func looksLikeEDIFACT(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 65_536)) ?? Data()
        return InputFormat.detect(Array(head)) == .edifact
    }

    /// Streams the interchange at `path` (bounded memory: one list at a time), validating each
    /// converted manifest as it completes. Schema and rule diagnostics of a manifest are moved to
    /// the segment their element came from (line:column of the PAXLST, `segment N TAG element
    /// e.c` as path, the XML path in the message).
    static func validate(path: String, name: String, validator: FileValidator) -> FileOutcome {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return unreadable(name) }
        defer { close(descriptor) }
        var diagnostics: [Diagnostic] = []
        var merger = PAXLSTMerger(reader: PAXLSTReader(options: PAXLSTReadOptions(clock: validator.options.airportClock)))
        var count = 0
        func check(_ results: [PAXLSTManifest]) {
            for result in results {
                count += 1
                diagnostics += result.diagnostics.map(diagnostic)
                guard diagnostics.count < maxDiagnostics, let xml = try? result.manifest.xml() else { continue }
                let outcome = validator.validate(bytes: xml, name: name)
                diagnostics += outcome.diagnostics.map { mapped($0, manifest: count, sources: result.sources) }
            }
        }
        do {
            let reader = try InterchangeInput.stream(fileDescriptor: descriptor, options: validator.options.edifactReader) { message in
                check(merger.add(message))
            }
            check(merger.finish())
            diagnostics = reader.diagnostics.map(diagnostic) + merger.diagnostics.map(diagnostic) + diagnostics
        } catch {
            diagnostics = [diagnostic(error.diagnostic)] + diagnostics
        }
        if diagnostics.count > maxDiagnostics {
            let dropped = diagnostics.count - maxDiagnostics
            let error = diagnostics.contains { $0.severity == .error }
            diagnostics = Array(diagnostics.prefix(maxDiagnostics))
            diagnostics.append(Diagnostic(severity: error ? .error : .warning, line: 0, code: EDIFACTDiagnosticCode.limitExceeded.rawValue,
                                          message: "\(dropped) more diagnostics not shown", origin: .parser))
        }
        let invalid = diagnostics.contains { $0.severity == .error } || count == 0
        return FileOutcome(path: name, status: invalid ? .invalid : .valid, messageType: "PAXLST", mode: .document,
                           diagnostics: diagnostics, seconds: 0)
    }

    /// The outcome for a file that cannot be opened (errno names why).
    private static func unreadable(_ name: String) -> FileOutcome {
        FileOutcome(path: name, status: .unreadable, messageType: nil, mode: nil,
                    diagnostics: [Diagnostic(severity: .error, line: 0, code: SafetyCode.io,
                                             message: String(cString: strerror(errno)), origin: .safety)],
                    seconds: 0)
    }

    /// Checks the interchange at `path` for syntax and envelopes only (see
    /// `InterchangeInput.check`): one streamed pass, bounded memory, no mapping.
    static func checkSyntax(path: String, name: String, options: ReaderOptions) -> FileOutcome {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return unreadable(name) }
        defer { close(descriptor) }
        let check = InterchangeInput.check(fileDescriptor: descriptor, options: options)
        var diagnostics = check.diagnostics.map(diagnostic)
        if check.messages == 0 && !check.hasErrors {
            diagnostics.append(diagnostic(EDIFACTDiagnostic(.error, .missing, at: SourcePosition(), "the interchange holds no message")))
        }
        let invalid = diagnostics.contains { $0.severity == .error }
        let type = check.messageTypes.keys.sorted().joined(separator: ",")
        return FileOutcome(path: name, status: invalid ? .invalid : .valid, messageType: type.isEmpty ? "EDIFACT" : type,
                           mode: .stream, diagnostics: diagnostics, seconds: 0)
    }

    /// Diagnostics kept per file (a warning per traveller in a huge list must not fill memory).
    static let maxDiagnostics = 10_000

    /// A schema or rule diagnostic of converted manifest `manifest`, placed at the segment its
    /// element path came from.
    static func mapped(_ converted: Diagnostic, manifest: Int, sources: PAXLSTSourceMap) -> Diagnostic {
        var copy = converted
        let origin = sources.origin(of: converted.path)
        copy.line = origin.position.line
        copy.column = origin.position.column
        var place = "segment \(origin.position.segment) \(origin.tag)"
        if let element = origin.position.element { place += " element \(element)" + (origin.position.component.map { ".\($0)" } ?? "") }
        let xmlPath = converted.path.isEmpty ? "" : " [\(converted.path)]"
        copy.path = place
        copy.message = "manifest \(manifest)\(xmlPath): " + converted.message
        return copy
    }

    /// An EDIFACT diagnostic in the report's shape: line and column, `segment N TAG element e.c` as path.
    static func diagnostic(_ source: EDIFACTDiagnostic) -> Diagnostic {
        var place = "segment \(source.position.segment)"
        if !source.tag.isEmpty { place += " " + source.tag }
        if let element = source.position.element { place += " element \(element)" + (source.position.component.map { ".\($0)" } ?? "") }
        return Diagnostic(severity: source.severity == .error ? .error : .warning, line: source.position.line,
                          column: source.position.column, path: place, code: source.code.rawValue,
                          message: source.message, origin: .parser)
    }
}
