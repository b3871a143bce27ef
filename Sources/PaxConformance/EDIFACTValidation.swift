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

    static func validate(path: String, name: String, validator: FileValidator) -> FileOutcome {
        let read: ReadResult
        do {
            read = try InterchangeInput.read(path: path)
        } catch {
            return FileOutcome(path: name, status: .invalid, messageType: "PAXLST", mode: .document,
                               diagnostics: [diagnostic(error.diagnostic)], seconds: 0)
        }
        var diagnostics = read.diagnostics.map(diagnostic)
        let (manifests, problems) = PAXLSTReader().manifests(from: read.messages)
        diagnostics += problems.map(diagnostic)
        for (index, result) in manifests.enumerated() {
            diagnostics += result.diagnostics.map(diagnostic)
            guard let xml = try? result.manifest.xml() else { continue }
            let outcome = validator.validate(bytes: xml, name: name)
            diagnostics += outcome.diagnostics.map { converted in
                var copy = converted
                copy.line = 0
                copy.column = 0
                copy.message = "manifest \(index + 1) (UNH \(result.parts.joined(separator: ","))): " + copy.message
                return copy
            }
        }
        let invalid = diagnostics.contains { $0.severity == .error } || manifests.isEmpty
        return FileOutcome(path: name, status: invalid ? .invalid : .valid, messageType: "PAXLST", mode: .document,
                           diagnostics: diagnostics, seconds: 0)
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
