import Foundation
import PaxTestSupport
import Testing
@testable import SafeXML

/// Every hostile input is refused with a clear error, without crashing, hanging, reading a
/// local file or opening a connection, in tree and streaming mode alike.
@Suite(.timeLimit(.minutes(1)))
struct HostileInputTests {
    /// What must never show up in any output: the content of a local file a document points at.
    static let secret = "PAXSIM-SECRET-\(UUID().uuidString)"

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var build: @Sendable (_ secretPath: String, _ port: UInt16) -> [UInt8]
        /// The code the refusal must carry, or nil for "refused by the parser, any code".
        var code: String?
        var testDescription: String { name }
    }

    static let doctypeCases: [Case] = [
        Case(name: "external entity to a local file", build: { path, _ in
            Array("<?xml version=\"1.0\"?>\n<!DOCTYPE Manifest [<!ENTITY x SYSTEM \"file://\(path)\">]>\n<Manifest xmlns=\"urn:test:manifest\"><Travelers><Traveler ref=\"1\"><Name>&x;</Name><DateOfBirth>1990-01-01</DateOfBirth><Embarkation>SAL</Embarkation></Traveler></Travelers></Manifest>".utf8)
        }, code: SafetyCode.doctype),
        Case(name: "external entity to a local file, relative path", build: { path, _ in
            Array("<!DOCTYPE Manifest [<!ENTITY x SYSTEM \"\(path)\">]><Manifest xmlns=\"urn:test:manifest\"><Travelers>&x;</Travelers></Manifest>".utf8)
        }, code: SafetyCode.doctype),
        Case(name: "external entity over HTTP", build: { _, port in
            Array("<?xml version=\"1.0\"?><!DOCTYPE Manifest [<!ENTITY x SYSTEM \"http://127.0.0.1:\(port)/entity\">]><Manifest xmlns=\"urn:test:manifest\"><Travelers>&x;</Travelers></Manifest>".utf8)
        }, code: SafetyCode.doctype),
        Case(name: "external DTD over HTTP", build: { _, port in
            Array("<?xml version=\"1.0\"?>\n<!DOCTYPE Manifest SYSTEM \"http://127.0.0.1:\(port)/manifest.dtd\">\n<Manifest xmlns=\"urn:test:manifest\"><Travelers/></Manifest>".utf8)
        }, code: SafetyCode.doctype),
        Case(name: "external parameter entity", build: { _, port in
            Array("<?xml version=\"1.0\"?><!DOCTYPE Manifest [<!ENTITY % p SYSTEM \"http://127.0.0.1:\(port)/p.dtd\"> %p;]><Manifest xmlns=\"urn:test:manifest\"><Travelers/></Manifest>".utf8)
        }, code: SafetyCode.doctype),
        Case(name: "billion laughs", build: { _, _ in
            var decls = "<!ENTITY l0 \"lol\">"
            for i in 1...9 { decls += "<!ENTITY l\(i) \"" + String(repeating: "&l\(i - 1);", count: 10) + "\">" }
            return Array("<?xml version=\"1.0\"?><!DOCTYPE Manifest [\(decls)]><Manifest xmlns=\"urn:test:manifest\"><Travelers>&l9;</Travelers></Manifest>".utf8)
        }, code: SafetyCode.doctype),
        Case(name: "quadratic blow-up", build: { _, _ in
            let big = String(repeating: "x", count: 100_000)
            let refs = String(repeating: "&a;", count: 100_000)
            return Array("<?xml version=\"1.0\"?><!DOCTYPE Manifest [<!ENTITY a \"\(big)\">]><Manifest xmlns=\"urn:test:manifest\"><Travelers>\(refs)</Travelers></Manifest>".utf8)
        }, code: SafetyCode.doctype),
        Case(name: "DOCTYPE after a BOM and a comment", build: { _, _ in
            [0xEF, 0xBB, 0xBF] + Array("<!-- hello --><!DOCTYPE Manifest><Manifest xmlns=\"urn:test:manifest\"><Travelers/></Manifest>".utf8)
        }, code: SafetyCode.doctype),
    ]

    static let malformedCases: [Case] = [
        Case(name: "10,000-deep nesting", build: { _, _ in
            Array(("<Manifest xmlns=\"urn:test:manifest\">" + String(repeating: "<Travelers>", count: 10_000)
                + String(repeating: "</Travelers>", count: 10_000) + "</Manifest>").utf8)
        }, code: SafetyCode.tooDeep),
        Case(name: "invalid UTF-8", build: { _, _ in
            Array("<Manifest xmlns=\"urn:test:manifest\"><Travelers><Traveler ref=\"1\"><Name>".utf8) + [0xC3, 0x28, 0xFF, 0xFE]
                + Array("</Name></Traveler></Travelers></Manifest>".utf8)
        }, code: nil),
        Case(name: "truncated document", build: { _, _ in
            Array(Fixtures.valid.prefix(Fixtures.valid.count / 2))
        }, code: nil),
        Case(name: "empty file", build: { _, _ in [] }, code: SafetyCode.empty),
        Case(name: "binary garbage", build: { _, _ in
            var generator = SplitMix64(state: 4096)
            return (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }, code: nil),
        Case(name: "20 MB attribute value", build: { _, _ in
            Array("<Manifest xmlns=\"urn:test:manifest\" note=\"".utf8) + [UInt8](repeating: 0x61, count: 20 << 20)
                + Array("\"><Travelers/></Manifest>".utf8)
        }, code: nil),
        Case(name: "UTF-16 with BOM", build: { _, _ in
            let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><Manifest xmlns=\"urn:test:manifest\"><Travelers/></Manifest>"
            return [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        }, code: SafetyCode.encoding),
        Case(name: "UTF-16 without BOM", build: { _, _ in
            "<Manifest xmlns=\"urn:test:manifest\"><Travelers/></Manifest>".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        }, code: SafetyCode.encoding),
    ]

    /// Refused the same way as a tree and as a stream, nothing leaked, nothing fetched.
    @Test(arguments: doctypeCases + malformedCases)
    func refused(_ hostile: Case) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secretFile = directory.appendingPathComponent("secret.txt")
        try Data(Self.secret.utf8).write(to: secretFile)
        let listener = try LoopbackListener()
        let bytes = hostile.build(secretFile.path, listener.port)

        let file = directory.appendingPathComponent("hostile.xml")
        try Data(bytes).write(to: file)

        #expect(throws: XMLParseError.self) { _ = try XMLDocument.parse(bytes) }
        #expect(throws: XMLFileParseError.self) { _ = try XMLDocument.parse(fileAt: file.path) }
        let tree = Fixtures.schema.validate(bytes: bytes)
        let fromFile = Fixtures.schema.validate(fileAt: file.path)
        let stream = Fixtures.schema.validateStream(bytes: bytes)
        // Read from disk through libxml2's buffered input, a document is refused for the same
        // first reason as from memory (later follow-on errors may differ: libxml2 recovers
        // differently from a value cut at a buffer's end).
        #expect(fromFile.diagnostics.first.map { [$0.code, "\($0.line)"] } == tree.diagnostics.first.map { [$0.code, "\($0.line)"] })
        for report in [tree, fromFile, stream] {
            #expect(!report.isValid, "\(report.mode) accepted \(hostile.name)")
            let first = try #require(report.diagnostics.first)
            #expect(first.severity == .error)
            #expect(!first.message.isEmpty)
            if let code = hostile.code {
                // Streaming validates as it reads, so a schema error may come before the refusal.
                #expect(report.diagnostics.contains { $0.code == code }, "\(report.mode): \(report.diagnostics)")
            } else {
                #expect(first.origin == .parser || first.origin == .safety, "\(report.mode): \(first)")
            }
            let everything = report.diagnostics.map { "\($0.message) \($0.path) \($0.code)" }.joined()
            #expect(!everything.contains(Self.secret))
        }
        #expect(listener.stop() == 0, "a connection was opened for \(hostile.name)")
        #expect(SchemaDocumentRegistry.shared.refusedLocations.allSatisfy { !$0.contains("127.0.0.1:\(listener.port)") })
    }

    @Test func xincludeIsInertAndRejectedBySchema() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secretFile = directory.appendingPathComponent("secret.txt")
        try Data(Self.secret.utf8).write(to: secretFile)
        let listener = try LoopbackListener()
        let text = """
        <Manifest xmlns="urn:test:manifest" xmlns:xi="http://www.w3.org/2001/XInclude"><Travelers>
        <xi:include href="\(secretFile.path)" parse="text"/>
        <xi:include href="http://127.0.0.1:\(listener.port)/x.xml"/>
        </Travelers></Manifest>
        """
        let document = try XMLDocument.parse(Array(text.utf8))
        let root = try #require(document.root)
        #expect(!"\(root)".contains(Self.secret))
        for report in [Fixtures.schema.validate(bytes: Array(text.utf8)), Fixtures.schema.validateStream(bytes: Array(text.utf8))] {
            #expect(!report.isValid)
            #expect(report.diagnostics.first?.line == 2)
            #expect(report.diagnostics.first?.message.contains("XInclude}include") == true)
            #expect(!report.diagnostics.map(\.message).joined().contains(Self.secret))
        }
        #expect(listener.stop() == 0)
    }

    @Test func schemaLocationHintsAreIgnored() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A permissive schema the document asks for: it would accept anything.
        let permissive = directory.appendingPathComponent("anything.xsd")
        try Data("""
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:manifest">
          <xs:element name="Manifest"><xs:complexType><xs:sequence><xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
        </xs:schema>
        """.utf8).write(to: permissive)
        let listener = try LoopbackListener()
        for hint in ["file://\(permissive.path)", "http://127.0.0.1:\(listener.port)/other.xsd"] {
            let invalidForUs = """
            <Manifest xmlns="urn:test:manifest" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                      xsi:schemaLocation="urn:test:manifest \(hint)"><Unexpected/></Manifest>
            """
            for report in [Fixtures.schema.validate(bytes: Array(invalidForUs.utf8)), Fixtures.schema.validateStream(bytes: Array(invalidForUs.utf8))] {
                #expect(!report.isValid, "our schema must decide (\(hint))")
                #expect(report.diagnostics.first?.message.contains("Unexpected") == true)
            }
            let validForUs = Fixtures.manifest([Fixtures.traveler(1)]).replacingOccurrences(
                of: "<Manifest xmlns=\"urn:test:manifest\">",
                with: "<Manifest xmlns=\"urn:test:manifest\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"urn:test:manifest \(hint)\">")
            #expect(Fixtures.schema.validate(bytes: Array(validForUs.utf8)).isValid)
            #expect(Fixtures.schema.validateStream(bytes: Array(validForUs.utf8)).isValid)
        }
        #expect(listener.stop() == 0)
    }

    @Test func sizeLimitRefusesBeforeParsing() {
        let limits = ParseLimits(maxDocumentBytes: 100)
        let report = Fixtures.schema.validate(bytes: Fixtures.valid, limits: limits)
        #expect(report.diagnostics.map(\.code) == [SafetyCode.tooLarge])
    }

    @Test func sizeLimitRefusesAFileBeforeParsing() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("big.xml")
        try Data(Fixtures.valid).write(to: file)
        let report = Fixtures.schema.validate(fileAt: file.path, limits: ParseLimits(maxDocumentBytes: 100))
        #expect(report.diagnostics.map(\.code) == [SafetyCode.tooLarge])
        #expect(throws: XMLFileParseError.self) {
            _ = try XMLDocument.parse(fileAt: file.path, limits: ParseLimits(maxDocumentBytes: 100))
        }
        #expect(Fixtures.schema.validate(fileAt: file.path, limits: ParseLimits(maxDocumentBytes: Fixtures.valid.count)).isValid)
    }

    @Test func depthLimitIsConfigurable() {
        let doc = Array(("<Manifest xmlns=\"urn:test:manifest\"><Travelers>" + String(repeating: "<x>", count: 10) + String(repeating: "</x>", count: 10) + "</Travelers></Manifest>").utf8)
        let limits = ParseLimits(maxDepth: 8)
        #expect(Fixtures.schema.validate(bytes: doc, limits: limits).diagnostics.first?.code == SafetyCode.tooDeep)
        #expect(Fixtures.schema.validateStream(bytes: doc, limits: limits).diagnostics.contains { $0.code == SafetyCode.tooDeep })
        // Within the default limit the same document parses (and fails only the schema).
        #expect(Fixtures.schema.validate(bytes: doc).diagnostics.first?.origin == .schema)
    }
}
