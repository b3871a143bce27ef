import Foundation
import Testing

/// `paxsim validate --syntax-only` on EDIFACT, through the real binary: the envelopes are
/// checked (counts, references) without the mapping, and the report formats and exit status
/// are those of validate.
@Suite("paxsim validate --syntax-only")
struct ValidateSyntaxOnlyTests {
    /// A generated PAXLST of 3 flights in one file, and the directory to remove afterwards.
    func generated() throws -> (directory: URL, file: URL, text: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paxsim-syntax-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let out = directory.appendingPathComponent("gen")
        let run = try Paxsim.run(["generate", "--seed", "5", "--flights", "3", "--travelers", "40",
                                  "--format", "paxlst", "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        var text = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() where name.hasSuffix(".edi") {
            text += try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        }
        let file = directory.appendingPathComponent("flights.edi")
        try Data(text.utf8).write(to: file)
        return (directory, file, text)
    }

    @Test("a generated interchange file passes, strict too, and the report counts it valid")
    func cleanFilePasses() throws {
        let (directory, file, _) = try generated()
        defer { try? FileManager.default.removeItem(at: directory) }
        for extra in [[], ["--strict"]] {
            let result = try Paxsim.run(["validate", "--syntax-only"] + extra + [file.path])
            #expect(result.status == 0, "\(result.all)")
            #expect(result.stdout.contains("checked 1 file: 1 valid, 0 invalid, 0 unreadable; 0 errors, 0 warnings"), "\(result.all)")
        }
    }

    @Test("a wrong UNT count in the second message: a warning lenient, an error with its line under --strict")
    func plantedCountIsFound() throws {
        let (directory, _, text) = try generated()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Change the count of the second UNT and note the line it is on.
        let lines = text.components(separatedBy: "\n")
        let trailers = lines.indices.filter { lines[$0].hasPrefix("UNT+") }
        try #require(trailers.count >= 2)
        var changed = lines
        let line = trailers[1]
        let fields = lines[line].split(separator: "+", omittingEmptySubsequences: false)
        let written = try #require(Int(fields[1]))
        changed[line] = "UNT+\(written + 1)+" + fields[2...].joined(separator: "+")
        let broken = directory.appendingPathComponent("broken.edi")
        try Data(changed.joined(separator: "\n").utf8).write(to: broken)

        let lenient = try Paxsim.run(["validate", "--syntax-only", broken.path])
        #expect(lenient.status == 0, "\(lenient.all)")
        #expect(lenient.stdout.contains("\(broken.path):\(line + 1):1: warning: control count '\(written + 1)'"), "\(lenient.all)")
        #expect(lenient.stdout.contains("[EDI-COUNT]"))

        let strict = try Paxsim.run(["validate", "--syntax-only", "--strict", "--format", "json", broken.path])
        #expect(strict.status == 1, "\(strict.all)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(strict.stdout.utf8)) as? [String: Any])
        let files = try #require(report["files"] as? [[String: Any]])
        let diagnostics = try #require(files.first?["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 1, "\(diagnostics)")
        #expect(diagnostics.first?["code"] as? String == "EDI-COUNT")
        #expect(diagnostics.first?["line"] as? Int == line + 1)
        #expect(diagnostics.first?["severity"] as? String == "error")
    }

    @Test("an interchange cut short is invalid; the full validate agrees on the envelope")
    func truncatedFile() throws {
        let (directory, _, text) = try generated()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cut = directory.appendingPathComponent("cut.edi")
        try Data(text.utf8.prefix(text.utf8.count / 2)).write(to: cut)
        let syntax = try Paxsim.run(["validate", "--syntax-only", cut.path])
        #expect(syntax.status == 1, "\(syntax.all)")
        #expect(syntax.stdout.contains("[EDI-TRUNCATED]") || syntax.stdout.contains("[EDI-STRUCTURE]"), "\(syntax.all)")
        let full = try Paxsim.run(["validate", cut.path])
        #expect(full.status == 1)
    }
}
