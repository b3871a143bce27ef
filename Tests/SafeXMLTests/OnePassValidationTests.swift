import Foundation
import Testing
@testable import SafeXML

/// The one-pass check (`XMLSchema.validatedRoot(of:limits:)`) builds exactly the element tree
/// that a hardened parse gives (`XMLDocument.root`), and accepts only what the tree path
/// accepts: anything the tree path would report, and anything the pass does not reproduce
/// exactly, comes back nil so that the caller reads it as a tree.
@Suite struct OnePassValidationTests {
    static let namespace = "urn:test:onepass"

    /// A root element of `namespace` with any attributes and any content below it, unchecked:
    /// lets the tests feed the builder every shape of markup.
    static let open: XMLSchema = schema("""
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:onepass" elementFormDefault="qualified">
          <xs:element name="Doc"><xs:complexType mixed="true"><xs:sequence>
            <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
          </xs:sequence><xs:anyAttribute namespace="##any" processContents="skip"/></xs:complexType></xs:element>
        </xs:schema>
        """)

    static func schema(_ text: String) -> XMLSchema {
        do { return try XMLSchema(documents: ["main.xsd": Array(text.utf8)], main: "main.xsd") } catch { fatalError("test schema: \(error)") }
    }

    struct Shape: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var testDescription: String { name }
    }

    static let shapes: [Shape] = [
        Shape(name: "prefixes, foreign elements and attributes", text: """
            <?xml version="1.0" encoding="UTF-8"?>
            <o:Doc xmlns:o="urn:test:onepass" xmlns:f="urn:test:other" f:a="1" b="two"><f:X f:y="z">t</f:X><o:Y/><Z xmlns="urn:test:third" q=""/></o:Doc>
            """),
        Shape(name: "mixed text, references, CDATA, comments, processing instructions", text: """
            <Doc xmlns="urn:test:onepass">a &lt;b&gt; &#65;&#x42; &quot;q&quot; &apos;<!-- c --><?pi x?><![CDATA[<raw> & ]]> <E>in<F>deep</F>after</E> tail &amp; more</Doc>
            """),
        Shape(name: "whitespace and lines", text: "<Doc xmlns=\"urn:test:onepass\">\n  <A>\n    <B k=\"v\"\n       l=\"w\">x</B>\n\n  </A>\r\n\t<C/>\n</Doc>\n"),
        Shape(name: "attribute values with references other than to &", text: """
            <Doc xmlns="urn:test:onepass" a="&lt;&gt;&quot;&apos;&#x41;" b="tab&#9;nl&#10;" c="x
            y"/>
            """),
        Shape(name: "non-ASCII text across the 256 KiB chunk boundary", text: "<Doc xmlns=\"urn:test:onepass\">"
            + (0..<12_000).map { "<N i=\"\($0)\">Zoë Ñandú 東京 \($0)</N>" }.joined() + "</Doc>"),
        Shape(name: "deep nesting", text: "<Doc xmlns=\"urn:test:onepass\">" + String(repeating: "<D>t", count: 100)
            + String(repeating: "</D>", count: 100) + "</Doc>"),
    ]

    @Test(arguments: shapes)
    func buildsTheTreeAHardenedParseGives(shape: Shape) throws {
        let bytes = Array(shape.text.utf8)
        let tree = try #require(try XMLDocument.parse(bytes).root)
        #expect(Self.open.validate(bytes: bytes).isValid)
        let built = try #require(Self.open.validatedRoot(of: bytes))
        let same = built == tree
        #expect(same, "the built tree differs from the parsed one")
    }

    /// Past line 65,535 libxml2 2.9's tree keeps no line in an element node and `xmlGetLineNo`
    /// borrows a neighbouring text node's (one line on, here); the pass records the parser's
    /// line at each start tag, so its lines stay exact there, and agree with the tree below.
    @Test func linesPastTheTreesLimitAreExact() throws {
        let bytes = Array(("<Doc xmlns=\"urn:test:onepass\">\n" + String(repeating: "<E/>\n", count: 70_000)
                           + "<Last a=\"1\">end</Last>\n</Doc>").utf8)
        let built = try #require(Self.open.validatedRoot(of: bytes))
        let tree = try #require(try XMLDocument.parse(bytes).root)
        #expect(built.children.count == 70_001)
        #expect(built.children.enumerated().allSatisfy { $0.element.line == $0.offset + 2 })
        let sameBelow = built.children[..<65_000] == tree.children[..<65_000]
        #expect(sameBelow, "below line 65,535 the built tree differs from the parsed one")
        #expect(built.children.last?.line == 70_002)
        #expect(built.children.last?.text == "end")
    }

    @Test func buildsTheSameManifestsAsTheTree() throws {
        for count in [0, 1, 3, 250] {
            let bytes = Array(Fixtures.manifest((0..<count).map { Fixtures.traveler($0, name: "N\($0) Ö") }).utf8)
            let built = try #require(Fixtures.schema.validatedRoot(of: bytes))
            let same = try built == XMLDocument.parse(bytes).root
            #expect(same, "\(count) travellers: the built tree differs from the parsed one")
            #expect(built.children.first?.children.count == count)
        }
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var schema: XMLSchema
        var limits: ParseLimits = .default
        /// Whether the tree path accepts it (the one pass still hands it over to the tree).
        var treeAccepts = false
        var testDescription: String { name }
    }

    static var refusals: [Refusal] {
        var tight = ParseLimits.default
        tight.maxDepth = 10
        var small = ParseLimits.default
        small.maxDocumentBytes = 64
        let manifest = { (traveler: String) in Array(Fixtures.manifest([traveler]).utf8) }
        return [
            Refusal(name: "schema-invalid", bytes: manifest(Fixtures.traveler(1, airport: "S1")), schema: Fixtures.schema),
            Refusal(name: "not well-formed", bytes: Array("<Manifest xmlns=\"urn:test:manifest\"><Travelers></Manifest>".utf8),
                    schema: Fixtures.schema),
            Refusal(name: "undeclared prefix", bytes: Array("<p:Doc xmlns=\"urn:test:onepass\"/>".utf8), schema: open),
            Refusal(name: "empty", bytes: [], schema: open),
            Refusal(name: "deeper than the limit",
                    bytes: Array(("<Doc xmlns=\"urn:test:onepass\">" + String(repeating: "<D>", count: 20)
                                  + String(repeating: "</D>", count: 20) + "</Doc>").utf8),
                    schema: open, limits: tight),
            Refusal(name: "larger than the limit", bytes: Array(("<Doc xmlns=\"urn:test:onepass\">" + String(repeating: "x", count: 100) + "</Doc>").utf8),
                    schema: open, limits: small),
            Refusal(name: "a duplicate key equal by value (1 and 01)",
                    bytes: Array("<Items xmlns=\"urn:u\"><Item key=\"1\"/><Item key=\"01\"/></Items>".utf8),
                    schema: schema(StreamingUniquenessTests.keyedSchema("xs:positiveInteger"))),
            Refusal(name: "valid, with & in an attribute value (handed to the tree)",
                    bytes: manifest("<Traveler ref=\"A&amp;B\"><Name>ANA</Name><DateOfBirth>1990-05-01</DateOfBirth><Embarkation>SAL</Embarkation></Traveler>"),
                    schema: Fixtures.schema, treeAccepts: true),
        ] + HostileInputTests.doctypeCases.map { hostile in
            Refusal(name: "hostile: " + hostile.name, bytes: hostile.build("/nonexistent/paxsim-secret", 9), schema: Fixtures.schema)
        }
    }

    @Test(arguments: refusals)
    func handsEverythingElseToTheTree(refusal: Refusal) {
        #expect(refusal.schema.validatedRoot(of: refusal.bytes, limits: refusal.limits) == nil)
        let tree = refusal.schema.validate(bytes: refusal.bytes, limits: refusal.limits)
        #expect(tree.isValid == refusal.treeAccepts, "\(tree.diagnostics)")
    }

    @Test func oneSchemaServesConcurrentPasses() async throws {
        let documents = (0..<16).map { document in
            Array(Fixtures.manifest((0..<40).map { Fixtures.traveler(document * 1000 + $0, name: "T\($0)") }).utf8)
        }
        let expected = try documents.map { try XMLDocument.parse($0).root }
        let built = await withTaskGroup(of: (Int, XMLElement?).self) { group in
            for (index, bytes) in documents.enumerated() {
                group.addTask { (index, Fixtures.schema.validatedRoot(of: bytes)) }
            }
            var results = [XMLElement?](repeating: nil, count: documents.count)
            for await (index, element) in group { results[index] = element }
            return results
        }
        let same = built == expected
        #expect(same, "a concurrent pass built a different tree")
    }
}
