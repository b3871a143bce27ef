import Foundation
import Synchronization
import Testing
import PaxConformance
import PaxMessages
import SafeXML

@Suite struct RunnerTests {
    @Test func outcomesComeInInputOrderWhateverFinishesFirst() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sample = try Data(contentsOf: TestSupport.repository.appendingPathComponent("Samples/manifest-passenger.xml"))
        var paths: [String] = []
        for i in 0..<40 {
            let file = directory.appendingPathComponent(String(format: "f%03d.xml", i))
            // Every third file is broken so results differ between neighbours.
            try (i % 3 == 0 ? Data("<broken".utf8) : sample).write(to: file)
            paths.append(file.path)
        }
        let emitted = Mutex<[String]>([])
        let outcomes = ConformanceRunner(options: ValidationOptions(catalogue: .embedded, jobs: 4))
            .run(ValidationInput.expand([directory.path])) { outcome in emitted.withLock { $0.append(outcome.path) } }
        #expect(outcomes.map(\.path) == paths)
        #expect(emitted.withLock { $0 } == paths)
        #expect(outcomes.enumerated().allSatisfy { ($0.offset % 3 == 0) == ($0.element.status == .invalid) })
        #expect(ValidationSummary(outcomes, seconds: 0).exitCode == 1)
    }

    @Test func discoveryRecursesSortsAndReportsMissingPaths() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("b/c"), withIntermediateDirectories: true)
        for name in ["b/c/z.xml", "a.xml", "b/y.XML", "notes.txt"] {
            try Data("<x/>".utf8).write(to: directory.appendingPathComponent(name))
        }
        let inputs = ValidationInput.expand([directory.path, "-", "/no/such/path"])
        #expect(inputs.map(\.displayName) == [
            directory.path + "/a.xml", directory.path + "/b/c/z.xml", directory.path + "/b/y.XML", "<stdin>", "/no/such/path",
        ])
        let outcome = FileValidator(options: ValidationOptions(catalogue: .embedded)).validate(inputs[4])
        #expect(outcome.status == .unreadable)
        #expect(ValidationSummary([outcome], seconds: 0).exitCode == 2)
    }

    @Test func unknownMessageTypeIsNamed() {
        let outcome = FileValidator(options: ValidationOptions(catalogue: .embedded))
            .validate(bytes: Array("<Other xmlns=\"urn:elsewhere\"/>".utf8), name: "x.xml")
        #expect(outcome.status == .invalid)
        #expect(outcome.diagnostics.first?.code == ConformanceCode.unknownMessageType)
        #expect(outcome.diagnostics.first?.message.contains("{urn:elsewhere}Other") == true)
        #expect(outcome.diagnostics.first?.message.contains("TravelerManifest") == true)
    }

    @Test func largeFilesAreStreamedAutomatically() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("m.xml")
        try Data(contentsOf: TestSupport.repository.appendingPathComponent("Samples/manifest-passenger.xml")).write(to: file)
        let streamed = FileValidator(options: ValidationOptions(catalogue: .embedded, streaming: .automatic(threshold: 100)))
            .validate(.file(path: file.path))
        #expect(streamed.mode == .stream)
        #expect(streamed.status == .valid)
        #expect(streamed.messageType == "{urn:paxsim:api:v1}TravelerManifest")
        let tree = FileValidator(options: ValidationOptions(catalogue: .embedded)).validate(.file(path: file.path))
        #expect(tree.mode == .document)
    }

    /// Files are streamed with the schema's accepting variant first (country codes as one
    /// pattern); a file it refuses is read again, so the errors are still the published list's.
    @Test func aStreamedBadCountryCodeIsReportedAgainstTheCodeList() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOf: Self.samples.appendingPathComponent("manifest-passenger.xml"), encoding: .utf8)
        #expect(text.contains("<Country>"))
        let valid = directory.appendingPathComponent("valid.xml"), invalid = directory.appendingPathComponent("invalid.xml")
        try text.write(to: valid, atomically: true, encoding: .utf8)
        try text.replacingOccurrences(of: "<Country>", with: "<Country>Z").write(to: invalid, atomically: true, encoding: .utf8)
        let streaming = FileValidator(options: ValidationOptions(catalogue: .embedded, runRules: false, streaming: .always))
        #expect(streaming.validate(.file(path: valid.path)).status == .valid)
        let outcome = streaming.validate(.file(path: invalid.path))
        #expect(outcome.mode == .stream)
        #expect(outcome.status == .invalid)
        #expect(outcome.diagnostics.contains { $0.message.contains("[facet 'enumeration']") }, "\(outcome.diagnostics)")
        #expect(!outcome.diagnostics.contains { $0.message.contains("[facet 'pattern']") })
        // The same errors, on the same lines, as the tree check.
        let tree = FileValidator(options: ValidationOptions(catalogue: .embedded, runRules: false, streaming: .never))
            .validate(.file(path: invalid.path))
        #expect(outcome.diagnostics.map(\.code) == tree.diagnostics.map(\.code))
        #expect(outcome.diagnostics.map(\.line) == tree.diagnostics.map(\.line))
    }

    @Test("schema only: valid files are streamed; an invalid one is checked again as a tree for exact columns and positions")
    func schemaOnlyStreamsAndRechecksInvalidFilesAsTrees() throws {
        try expectStreamedAndRecheckedAsTree(ValidationOptions(catalogue: .embedded, runRules: false),
                                             tree: ValidationOptions(catalogue: .embedded, runRules: false, streaming: .never))
        // What the stream alone can say: the same error and line, without later siblings' positions.
        let invalidPath = Self.samples.appendingPathComponent("invalid/schema-bad-gender.xml").path
        let streamedOnly = FileValidator(options: ValidationOptions(catalogue: .embedded, runRules: false, streaming: .always))
            .validate(.file(path: invalidPath))
        let tree = FileValidator(options: ValidationOptions(catalogue: .embedded, runRules: false, streaming: .never))
            .validate(.file(path: invalidPath))
        #expect(streamedOnly.diagnostics.map(\.code) == tree.diagnostics.map(\.code))
        #expect(streamedOnly.diagnostics.map(\.line) == tree.diagnostics.map(\.line))
        #expect(streamedOnly.diagnostics.first?.path == "/TravelerManifest/Travelers/Traveler/Gender")
    }

    @Test("--schema FILE.xsd: no business rule runs, so files are streamed; an invalid one keeps the tree's exact diagnostics")
    func userSchemaStreamsByDefault() throws {
        let schema = try XMLSchema(contentsOf: TestSupport.repository.appendingPathComponent("Schemas/v1/manifest.xsd"))
        let options = ValidationOptions(schema: schema, catalogue: .embedded)
        #expect(options.runRules && !options.rulesWillRun)
        try expectStreamedAndRecheckedAsTree(options, tree: ValidationOptions(schema: schema, catalogue: .embedded, streaming: .never))
        // The catalogue's own schema with rules on still parses small files as trees.
        let withRules = FileValidator(options: ValidationOptions(catalogue: .embedded))
            .validate(.file(path: Self.samples.appendingPathComponent("manifest-passenger.xml").path))
        #expect(withRules.mode == .document)
    }

    static let samples = TestSupport.repository.appendingPathComponent("Samples")

    /// Under `options` a valid sample is streamed with no diagnostics, and an invalid one is
    /// checked again as a tree: the same diagnostics as `tree` gives, exact path and column.
    private func expectStreamedAndRecheckedAsTree(_ options: ValidationOptions, tree treeOptions: ValidationOptions) throws {
        let valid = FileValidator(options: options).validate(.file(path: Self.samples.appendingPathComponent("manifest-passenger.xml").path))
        #expect(valid.mode == .stream)
        #expect(valid.status == .valid)
        #expect(valid.diagnostics.isEmpty, "\(valid.diagnostics)")
        let invalidPath = Self.samples.appendingPathComponent("invalid/schema-bad-gender.xml").path
        let invalid = FileValidator(options: options).validate(.file(path: invalidPath))
        let tree = FileValidator(options: treeOptions).validate(.file(path: invalidPath))
        #expect(tree.mode == .document)
        #expect(invalid.mode == .document)
        #expect(invalid.status == .invalid)
        #expect(invalid.diagnostics == tree.diagnostics)
        let error = try #require(invalid.diagnostics.first)
        #expect(error.path == "/TravelerManifest/Travelers/Traveler[1]/Gender")
        #expect(error.column == 7)
    }
}
