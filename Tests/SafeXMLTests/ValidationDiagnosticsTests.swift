import Foundation
import Testing
import SafeXML

@Suite struct ValidationDiagnosticsTests {
    static let invalid = Fixtures.manifest([
        Fixtures.traveler(1),
        Fixtures.traveler(2, dob: "1990-13-01"),
        "<Traveler ref=\"3\"><Name>C</Name><DateOfBirth>1990-01-01</DateOfBirth></Traveler>",
        Fixtures.traveler(4, airport: "sa1"),
    ])

    @Test func everyErrorWithLineColumnAndPath() throws {
        let report = Fixtures.schema.validate(bytes: Array(Self.invalid.utf8))
        #expect(!report.isValid)
        #expect(report.mode == .document)
        #expect(report.root == QualifiedName(namespace: Fixtures.namespace, localName: "Manifest"))
        let found = report.diagnostics.map { "\($0.line):\($0.column) \($0.path)" }
        #expect(found == [
            "5:35 /Manifest/Travelers/Traveler[2]/DateOfBirth",
            "6:1 /Manifest/Travelers/Traveler[3]",
            "7:72 /Manifest/Travelers/Traveler[4]/Embarkation",
        ])
        #expect(report.diagnostics.allSatisfy { $0.origin == .schema && $0.code.hasPrefix("XML-SCHEMASV-") })
    }

    @Test func streamingFindsTheSameErrorsAtTheSamePaths() {
        let tree = Fixtures.schema.validate(bytes: Array(Self.invalid.utf8))
        let stream = Fixtures.schema.validateStream(bytes: Array(Self.invalid.utf8))
        #expect(stream.mode == .stream)
        #expect(stream.diagnostics.map(\.message) == tree.diagnostics.map(\.message))
        #expect(stream.diagnostics.map(\.path) == tree.diagnostics.map(\.path))
        #expect(stream.diagnostics.allSatisfy { $0.line > 0 })
    }

    @Test func streamingAFileWorksFromDisk() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("m.xml")
        try Data(Self.invalid.utf8).write(to: file)
        let report = Fixtures.schema.validateStream(fileAt: file.path)
        #expect(report.diagnostics.count == 3)
        let missing = Fixtures.schema.validateStream(fileAt: directory.appendingPathComponent("none.xml").path)
        #expect(missing.diagnostics.first?.code == SafetyCode.io)
    }

    /// Parsed from disk in chunks (see `XMLDocument.parse(fileAt:)`), a document gets the same
    /// diagnostics as from memory, including columns found by reading the file again; with
    /// errors on both sides of chunk boundaries and a prolog longer than one chunk.
    @Test(arguments: [0, 100_000])
    func aFileGetsTheSameDiagnosticsAsBytesInMemory(prologComment: Int) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let travelers = (1...3_000).map { $0 % 700 == 0 ? Fixtures.traveler($0, dob: "1990-13-01") : Fixtures.traveler($0) }
        let manifest = Fixtures.manifest(travelers)
        let declarationEnd = try #require(manifest.range(of: "?>")).upperBound
        let text = manifest[..<declarationEnd] + "\n<!--" + String(repeating: "c", count: prologComment) + "-->"
            + manifest[declarationEnd...]
        let bytes = Array(text.utf8)
        #expect(bytes.count > 256 << 10)
        let file = directory.appendingPathComponent("m.xml")
        try Data(bytes).write(to: file)
        let fromFile = Fixtures.schema.validate(fileAt: file.path)
        let fromMemory = Fixtures.schema.validate(bytes: bytes)
        #expect(fromFile.diagnostics.count == 4)
        #expect(fromFile.diagnostics.allSatisfy { $0.line > 1 && $0.column > 0 && !$0.path.isEmpty })
        #expect(fromFile.diagnostics == fromMemory.diagnostics)
        #expect(fromFile.root == fromMemory.root)

        let document = try XMLDocument.parse(fileAt: file.path)
        #expect(document.root?.child(named: "Travelers")?.children(named: "Traveler").count == 3_000)
    }

    @Test func aFileChangedAfterParsingGetsUnknownColumnsNotWrongOnes() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("m.xml")
        try Data(Self.invalid.utf8).write(to: file)
        let document = try XMLDocument.parse(fileAt: file.path)
        try Data("<x/>".utf8).write(to: file)
        let diagnostics = Fixtures.schema.validate(document)
        let expected = Fixtures.schema.validate(bytes: Array(Self.invalid.utf8)).diagnostics
        #expect(diagnostics.map(\.line) == expected.map(\.line))
        // Columns libxml2 gives stay; the ones looked up in the (now different) file are unknown.
        #expect(zip(diagnostics, expected).allSatisfy { $0.column == $1.column || $0.column == 0 })
        #expect(diagnostics.contains { $0.column == 0 })
        let missing = Fixtures.schema.validate(fileAt: directory.appendingPathComponent("none.xml").path)
        #expect(missing.diagnostics.map(\.code) == [SafetyCode.io])
    }

    @Test func manyErrorsAreCappedWithACount() {
        let travelers = (1...50).map { Fixtures.traveler($0, dob: "bad") }
        let limits = ParseLimits(maxDiagnostics: 10)
        let report = Fixtures.schema.validate(bytes: Array(Fixtures.manifest(travelers).utf8), limits: limits)
        #expect(report.diagnostics.count == 11)
        #expect(report.diagnostics.last?.code == SafetyCode.tooManyErrors)
        #expect(report.diagnostics.last?.message.hasPrefix("40 more") == true)
    }

    @Test func elementTreeCarriesNamesTextAndLines() throws {
        let document = try XMLDocument.parse(Fixtures.valid)
        let root = try #require(document.root)
        let travelers = root.child(named: "Travelers")?.children(named: "Traveler") ?? []
        #expect(travelers.count == 3)
        #expect(travelers[1].attribute("ref") == "2")
        #expect(travelers[1].child(named: "Name")?.text == "ANA")
        #expect(travelers[1].line == 5)
        #expect(RootPeek.root(of: Fixtures.valid) == document.rootName)
    }
}
