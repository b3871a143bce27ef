import Foundation
import Testing

/// Every file in Samples/ gives exactly its expected result, and an independent XSD processor
/// (Python `xmlschema`) agrees with libxml2 on every sample.
@Suite(.timeLimit(.minutes(5)))
struct SamplesTests {
    static let samples = Paxsim.repository.appendingPathComponent("Samples")

    struct Expectation: Equatable, CustomStringConvertible {
        var status: String
        var codes: [String]
        var description: String { "\(status) \(codes.joined(separator: " "))" }
    }

    static func expectations() throws -> [String: Expectation] {
        let text = try String(contentsOf: samples.appendingPathComponent("expected-results.tsv"), encoding: .utf8)
        var result: [String: Expectation] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            result[fields[0]] = Expectation(status: fields[1], codes: fields.count > 2 ? fields[2].split(separator: " ").map(String.init) : [])
        }
        return result
    }

    static func sampleFiles() throws -> [String] {
        let walker = FileManager.default.enumerator(atPath: samples.path)
        var files: [String] = []
        while let path = walker?.nextObject() as? String {
            if path.hasSuffix(".xml") { files.append(path) }
        }
        return files.sorted()
    }

    /// paxsim's JSON report as (relative path -> status, codes).
    static func paxsim(_ extra: [String]) throws -> [String: Expectation] {
        let result = try Paxsim.run(["validate", "--format", "json"] + extra + [samples.path])
        #expect(result.status == 1, "some samples are invalid on purpose: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        var found: [String: Expectation] = [:]
        for file in files {
            let path = try #require(file["path"] as? String)
            let relative = String(path.dropFirst(samples.path.count + 1))
            let codes = (file["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            found[relative] = Expectation(status: try #require(file["status"] as? String), codes: codes)
        }
        return found
    }

    @Test func everySampleGivesItsExpectedResult() throws {
        let expected = try Self.expectations()
        let files = try Self.sampleFiles()
        #expect(Set(expected.keys) == Set(files), "expected-results.tsv and Samples/ list different files")
        #expect(files.filter { $0.hasPrefix("invalid/") }.count >= 15)
        let actual = try Self.paxsim([])
        for file in files {
            #expect(actual[file] == expected[file], "\(file)")
            // A file named for what it gets wrong fails for that reason only.
            if file.hasPrefix("invalid/") { #expect(actual[file]?.status == "invalid", "\(file)") }
            // Warning samples are valid and say exactly what deserves a second look.
            if file.hasPrefix("warnings/") {
                #expect(actual[file]?.status == "valid" && actual[file]?.codes.isEmpty == false, "\(file)")
            }
        }
    }

    @Test func xmlschemaAgreesWithLibxml2OnEverySample() throws {
        let files = try Self.sampleFiles().filter { !$0.hasPrefix("invalid/xml-") }   // parser-policy samples are not schema questions
        let script = Paxsim.repository.appendingPathComponent("Tests/Support/xmlschema_verdicts.py").path
        let schema = Paxsim.repository.appendingPathComponent("Schemas/v1/paxsim.xsd").path
        // The python3 on PATH: the one Scripts/test installed xmlschema into.
        let run = try Paxsim.runProgram("/usr/bin/env", ["python3", script, schema] + files.map { Self.samples.appendingPathComponent($0).path })
        #expect(run.status == 0, "xmlschema failed (Scripts/test installs it): \(run.stderr)")
        let verdicts = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [String: Any]])
        let ours = try Self.paxsim(["--schema-only"])
        var schemaInvalid = 0
        for file in files {
            let theirs = try #require(verdicts[Self.samples.appendingPathComponent(file).path])
            let theyAccept = try #require(theirs["valid"] as? Bool)
            #expect((ours[file]?.status == "valid") == theyAccept, "\(file): xmlschema says \(theirs["reason"] ?? "")")
            if !theyAccept { schemaInvalid += 1 }
        }
        #expect(schemaInvalid >= 14)
    }
}
