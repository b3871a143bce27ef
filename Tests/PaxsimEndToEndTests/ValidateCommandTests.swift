import Foundation
import PaxTestSupport
import Testing

/// `paxsim validate` as a CI job runs it: exit codes, formats, hostile files, stdin.
@Suite(.timeLimit(.minutes(5)))
struct ValidateCommandTests {
    /// The valid samples at the top of Samples/ (invalid ones live in Samples/invalid/).
    static var validSamples: [String] {
        let directory = Paxsim.repository.appendingPathComponent("Samples")
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".xml") }.sorted().map { directory.appendingPathComponent($0).path }
    }

    @Test func samplesAreValidWithTheEmbeddedCatalogue() throws {
        let result = try Paxsim.run(["validate"] + Self.validSamples)
        #expect(result.status == 0, "\(result.all)")
        #expect(result.stdout.contains("checked 9 files: 9 valid, 0 invalid, 0 unreadable; 0 errors, 0 warnings"))
    }

    @Test func exitCodesSayValidInvalidOrIOError() throws {
        let directory = try Paxsim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = Paxsim.repository.appendingPathComponent("Samples/acknowledgement-accepted.xml").path
        let bad = directory.appendingPathComponent("bad.xml")
        try Data("<Acknowledgement xmlns=\"urn:paxsim:api:v1\" schemaVersion=\"1.0\"><Nope/></Acknowledgement>".utf8).write(to: bad)

        #expect(try Paxsim.run(["validate", good]).status == 0)
        let invalid = try Paxsim.run(["validate", good, bad.path])
        #expect(invalid.status == 1)
        #expect(invalid.stdout.contains("\(bad.path):1:"))
        #expect(invalid.stdout.contains("error: "))
        #expect(try Paxsim.run(["validate", good, directory.appendingPathComponent("missing.xml").path]).status == 2)
        #expect(try Paxsim.run(["validate", "--format", "yaml", good]).status == 2)
        #expect(try Paxsim.run(["validate", "--schema", "/no/such.xsd", good]).status == 2)
    }

    @Test func standardInputIsAFile() throws {
        let sample = try Data(contentsOf: Paxsim.repository.appendingPathComponent("Samples/risk-assessment.xml"))
        let result = try Paxsim.run(["validate", "-"], input: [UInt8](sample))
        #expect(result.status == 0, "\(result.all)")
        let streamed = try Paxsim.run(["validate", "--stream", "-"], input: [UInt8](sample))
        #expect(streamed.status == 0, "\(streamed.all)")
        let broken = try Paxsim.run(["validate", "-"], input: Array("<RiskAssessment".utf8))
        #expect(broken.status == 1)
        #expect(broken.stdout.hasPrefix("<stdin>:1:"))
    }

    @Test func jsonAndJUnitReportsWrittenAtomically() throws {
        let directory = try Paxsim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let samples = Self.validSamples
        let json = directory.appendingPathComponent("report.json")
        let result = try Paxsim.run(["validate", "--format", "json", "--output", json.path, "--schema-only"] + samples)
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        #expect(((object?["files"] as? [Any])?.count ?? 0) >= 9)

        let junit = directory.appendingPathComponent("report.xml")
        #expect(try Paxsim.run(["validate", "--format", "junit", "-o", junit.path, "--schema-only"] + samples).status == 0)
        let text = try String(contentsOf: junit, encoding: .utf8)
        #expect(text.contains("<testsuite name=\"paxsim.validate\""))
        #expect(text.components(separatedBy: "<testcase ").count - 1 >= 9)
        // An unwritable destination fails with exit 2 and leaves nothing behind.
        let blocked = directory.appendingPathComponent("no/such/dir/report.xml")
        #expect(try Paxsim.run(["validate", "--format", "junit", "-o", blocked.path] + samples).status == 2)
        #expect(!FileManager.default.fileExists(atPath: blocked.path))
    }

    /// A hostile file pointing at a local secret and at a loopback listener: refused, the secret
    /// appears in no output format, and the listener sees no connection.
    @Test func hostileFilesLeakNothingInAnyFormat() throws {
        let directory = try Paxsim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = "PAXSIM-E2E-SECRET-\(UUID().uuidString)"
        let secretFile = directory.appendingPathComponent("secret.txt")
        try Data(secret.utf8).write(to: secretFile)
        let listener = try LoopbackListener()
        let hostile: [String: String] = [
            "xxe-file.xml": "<?xml version=\"1.0\"?><!DOCTYPE TravelerManifest [<!ENTITY s SYSTEM \"file://\(secretFile.path)\">]><TravelerManifest xmlns=\"urn:paxsim:api:v1\" schemaVersion=\"1.0\">&s;</TravelerManifest>",
            "xxe-http.xml": "<!DOCTYPE TravelerManifest [<!ENTITY s SYSTEM \"http://127.0.0.1:\(listener.port)/s\">]><TravelerManifest xmlns=\"urn:paxsim:api:v1\">&s;</TravelerManifest>",
            "dtd-http.xml": "<!DOCTYPE TravelerManifest SYSTEM \"http://127.0.0.1:\(listener.port)/m.dtd\"><TravelerManifest xmlns=\"urn:paxsim:api:v1\"/>",
            "xinclude.xml": "<TravelerManifest xmlns=\"urn:paxsim:api:v1\" xmlns:xi=\"http://www.w3.org/2001/XInclude\" schemaVersion=\"1.0\"><xi:include href=\"\(secretFile.path)\" parse=\"text\"/></TravelerManifest>",
            "schema-location.xml": "<TravelerManifest xmlns=\"urn:paxsim:api:v1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"urn:paxsim:api:v1 http://127.0.0.1:\(listener.port)/x.xsd\" schemaVersion=\"1.0\"/>",
        ]
        for (name, text) in hostile { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        let inputs = hostile.keys.sorted().map { directory.appendingPathComponent($0).path }
        for arguments in [["validate"], ["validate", "--stream"], ["validate", "--format", "json"], ["validate", "--format", "junit"]] {
            let result = try Paxsim.run(arguments + inputs)
            #expect(result.status == 1, "\(arguments): \(result.all)")
            #expect(!result.all.contains(secret), "\(arguments) printed the secret")
            for input in inputs { #expect(result.all.contains(input)) }
        }
        #expect(listener.stop() == 0)
    }

    @Test func usageErrorsExitTwoWithHelp() throws {
        let result = try Paxsim.run(["validate"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Usage: paxsim validate"))
        let both = try Paxsim.run(["validate", "--stream", "--tree", "Samples"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("--stream and --tree exclude each other"))
    }
}
