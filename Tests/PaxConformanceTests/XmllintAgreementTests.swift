import Foundation
import Testing
import PaxConformance
import PaxMessages
import SafeXML

/// Our verdicts and error lines agree with `xmllint --noout --schema` (the same libxml2, but a
/// different driver: this catches our own parsing options, limits and line bookkeeping).
@Suite struct XmllintAgreementTests {
    /// Samples plus single mutations of them, written to a temporary directory.
    static func corpus(in directory: URL) throws -> [URL] {
        let samples = try FileManager.default.contentsOfDirectory(at: TestSupport.repository.appendingPathComponent("Samples"),
                                                                  includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "xml" }.sorted { $0.path < $1.path }
        let mutations: [(String, String, String)] = [
            ("bad-date", "<DateOfBirth>19", "<DateOfBirth>19x"),
            ("bad-airport", "<Embarkation>SAL", "<Embarkation>S4L"),
            ("unknown-element", "</Surname>", "</Surname><Nickname>x</Nickname>"),
            ("missing-element", "<Verified>true</Verified>", ""),
            ("bad-gender", "<Gender>F</Gender>", "<Gender>Female</Gender>"),
            ("bad-country", "<Country>", "<Country>Z"),
            ("bad-nationality", "<Nationality>", "<Nationality>Q"),
            ("bad-version", "schemaVersion=\"1.0\"", "schemaVersion=\"one\""),
            ("bad-status", "<Status>Accepted</Status>", "<Status>OK</Status>"),
            ("bad-score", "<Score>", "<Score>9"),
            ("not-well-formed", "</Header>", "</Headr>"),
        ]
        var files: [URL] = []
        for sample in samples {
            let text = try String(contentsOf: sample, encoding: .utf8)
            let base = sample.deletingPathExtension().lastPathComponent
            let copy = directory.appendingPathComponent("\(base).xml")
            try text.write(to: copy, atomically: true, encoding: .utf8)
            files.append(copy)
            for (name, from, to) in mutations where text.contains(from) {
                let file = directory.appendingPathComponent("\(base)--\(name).xml")
                try text.replacingOccurrences(of: from, with: to).write(to: file, atomically: true, encoding: .utf8)
                files.append(file)
            }
        }
        return files
    }

    /// xmllint's per-file verdict and the lines of its schema errors.
    static func xmllint(schema: String, files: [URL]) throws -> [String: (valid: Bool, lines: [Int])] {
        let xmllint = try #require(TestSupport.which("xmllint"), "xmllint not installed (Scripts/test installs it)")
        let result = try TestSupport.run(xmllint, ["--noout", "--nonet", "--schema", schema] + files.map(\.path))
        var verdicts: [String: (valid: Bool, lines: [Int])] = [:]
        for file in files { verdicts[file.path] = (false, []) }
        for line in result.stderr.split(separator: "\n").map(String.init) {
            if line.hasSuffix(" validates") {
                verdicts[String(line.dropLast(" validates".count)), default: (true, [])].valid = true
            } else if line.contains("Schemas validity error") || line.contains("parser error") {
                // path:line: element X: Schemas validity error : message
                let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
                if parts.count >= 2, let number = Int(parts[1]), line.contains("Schemas validity error") {
                    verdicts[String(parts[0]), default: (false, [])].lines.append(number)
                }
            }
        }
        return verdicts
    }

    /// Schema-only validation streams every file by default (invalid ones are checked again as
    /// trees); `.always` streams throughout, `.never` parses trees throughout.
    @Test("verdicts and schema-error lines match xmllint --schema, streaming and as trees",
          arguments: [ValidationOptions.Streaming.automatic(threshold: 64 << 20), .always, .never])
    func verdictsAndLinesMatchXmllint(streaming: ValidationOptions.Streaming) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try Self.corpus(in: directory)
        #expect(files.count > 30)
        let schemaDirectory = directory.appendingPathComponent("schemas")
        _ = try SchemaExport.write(to: schemaDirectory, overwrite: true)
        let expected = try Self.xmllint(schema: schemaDirectory.appendingPathComponent("v1/paxsim.xsd").path, files: files)

        let runner = ConformanceRunner(options: ValidationOptions(catalogue: .embedded, runRules: false, streaming: streaming))
        let outcomes = runner.run(files.map { .file(path: $0.path) })
        // Schema only: valid files are confirmed while streaming, invalid ones checked again as trees.
        for outcome in outcomes where outcome.mode != nil {
            let expected: ValidationReport.Mode = switch streaming {
            case .always: .stream
            case .never: .document
            case .automatic: outcome.status == .invalid ? .document : .stream
            }
            #expect(outcome.mode == expected, "\(outcome.path) validated in \(String(describing: outcome.mode)) mode")
        }
        var invalid = 0
        for outcome in outcomes {
            let theirs = try #require(expected[outcome.path])
            #expect((outcome.status == .valid) == theirs.valid, "\(outcome.path): \(outcome.diagnostics)")
            let ours = outcome.diagnostics.filter { $0.origin == .schema }.map(\.line)
            #expect(ours == theirs.lines, "\(outcome.path)")
            if outcome.status == .invalid { invalid += 1 }
        }
        #expect(invalid > 20)
        #expect(invalid < files.count)
    }
}
