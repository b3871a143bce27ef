import Foundation
import Testing
@testable import SafeXML

/// Streaming checks simple `xs:unique` constraints itself (constant memory per key) and must
/// report exactly what libxml2 reports on a tree.
@Suite struct StreamingUniquenessTests {
    static let schemaText = """
    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:u" xmlns="urn:u" xmlns:u="urn:u" elementFormDefault="qualified">
      <xs:element name="List"><xs:complexType><xs:sequence>
        <xs:element name="Items">
          <xs:complexType><xs:sequence>
            <xs:element name="Item" maxOccurs="unbounded"><xs:complexType><xs:sequence>
              <xs:element name="Code" type="xs:string"/>
            </xs:sequence><xs:attribute name="ref" type="xs:token" use="required"/></xs:complexType></xs:element>
          </xs:sequence></xs:complexType>
          <xs:unique name="UniqueRef"><xs:selector xpath="u:Item"/><xs:field xpath="@ref"/></xs:unique>
          <xs:unique name="UniqueCode"><xs:selector xpath="u:Item"/><xs:field xpath="u:Code"/></xs:unique>
        </xs:element>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>
    """

    static func document(_ items: [(String, String)]) -> [UInt8] {
        let body = items.map { "<Item ref=\"\($0.0)\"><Code>\($0.1)</Code></Item>" }.joined(separator: "\n")
        return Array("<List xmlns=\"urn:u\"><Items>\n\(body)\n</Items></List>".utf8)
    }

    @Test func attributeKeyedConstraintsMoveToTheStreamOthersStay() throws {
        let schema = try XMLSchema(documents: ["s.xsd": Array(Self.schemaText.utf8)], main: "s.xsd")
        #expect(schema.streamingConstraints == [
            StreamingUniqueness(scope: "Items", selector: "Item", attribute: "ref", name: "{urn:u}UniqueRef"),
        ])
    }

    @Test(arguments: [
        [("a", "1"), ("b", "2"), ("c", "3")],
        [("a", "1"), ("b", "2"), ("a", "3")],
        [("a", "1"), ("b", "1")],
        [("a", "1"), ("  a ", "2"), ("b", "2"), ("b", "3")],
    ])
    func streamReportsWhatTheTreeReports(_ items: [(String, String)]) throws {
        let schema = try XMLSchema(documents: ["s.xsd": Array(Self.schemaText.utf8)], main: "s.xsd")
        let bytes = Self.document(items)
        let tree = schema.validate(bytes: bytes)
        let stream = schema.validateStream(bytes: bytes)
        #expect(stream.isValid == tree.isValid)
        #expect(stream.diagnostics.map(\.message).sorted() == tree.diagnostics.map(\.message).sorted())
        #expect(stream.diagnostics.map(\.path).sorted() == tree.diagnostics.map(\.path).sorted())
    }

    @Test func keysAreScopedToTheirElement() throws {
        let schema = try XMLSchema(documents: ["s.xsd": Array(Self.schemaText.utf8)], main: "s.xsd")
        // The same key in two separate lists is fine; each list is its own scope.
        let twoLists = Array("<List xmlns=\"urn:u\"><Items><Item ref=\"a\"><Code>1</Code></Item></Items></List>".utf8)
        #expect(schema.validateStream(bytes: twoLists).isValid)
        #expect(StreamState.stableHash("TA570-0314-001") == StreamState.stableHash("TA570-0314-001"))
        #expect(StreamState.stableHash("a") != StreamState.stableHash("b"))
    }

    /// A schema whose list items carry an attribute `key` of `type`, unique within the list.
    static func keyedSchema(_ type: String, extra: String = "") -> String {
        """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:u" xmlns="urn:u" xmlns:u="urn:u" elementFormDefault="qualified">
          \(extra)
          <xs:element name="Items"><xs:complexType><xs:sequence>
            <xs:element name="Item" maxOccurs="unbounded"><xs:complexType><xs:attribute name="key" type="\(type)" use="required"/></xs:complexType></xs:element>
          </xs:sequence></xs:complexType>
            <xs:unique name="UniqueKey"><xs:selector xpath="u:Item"/><xs:field xpath="@key"/></xs:unique>
          </xs:element>
        </xs:schema>
        """
    }

    struct KeyCase: Sendable, CustomTestStringConvertible {
        var type: String
        var extra = ""
        /// How the stream checks it, or nil when the constraint stays with libxml2.
        var comparison: StreamingUniqueness.KeyComparison?
        var keys: [String]
        var testDescription: String { "\(type): \(keys)" }
    }

    /// Keys that compare equal by value but not as text, or as text only after collapsing
    /// whitespace: the stream agrees with the tree on each, whichever side checks the constraint.
    @Test(arguments: [
        KeyCase(type: "xs:positiveInteger", comparison: nil, keys: ["1", "01"]),
        KeyCase(type: "xs:decimal", comparison: nil, keys: ["1.0", "1.00", "2"]),
        KeyCase(type: "xs:string", comparison: .exact, keys: ["a", " a", "a "]),
        KeyCase(type: "xs:string", comparison: .exact, keys: ["a", "b", "a"]),
        KeyCase(type: "xs:token", comparison: .collapsingWhitespace, keys: ["a  b", " a b"]),
        KeyCase(type: "Code", extra: "<xs:simpleType name=\"Code\"><xs:restriction base=\"xs:string\"><xs:whiteSpace value=\"collapse\"/></xs:restriction></xs:simpleType>",
                comparison: .collapsingWhitespace, keys: ["x", " x"]),
        KeyCase(type: "Ref", extra: "<xs:simpleType name=\"Ref\"><xs:restriction base=\"xs:token\"><xs:maxLength value=\"9\"/></xs:restriction></xs:simpleType>",
                comparison: .collapsingWhitespace, keys: ["r1", "r2 "]),
        KeyCase(type: "Codes", extra: "<xs:simpleType name=\"Codes\"><xs:list itemType=\"xs:integer\"/></xs:simpleType>",
                comparison: nil, keys: ["1 2", "01 2"]),
    ])
    func keysCompareAsTheirTypeCompares(_ testCase: KeyCase) throws {
        let schema = try XMLSchema(documents: ["s.xsd": Array(Self.keyedSchema(testCase.type, extra: testCase.extra).utf8)], main: "s.xsd")
        #expect(schema.streamingConstraints.map(\.comparison) == (testCase.comparison.map { [$0] } ?? []))
        let body = testCase.keys.map { "<Item key=\"\($0)\"/>" }.joined()
        let bytes = Array("<Items xmlns=\"urn:u\">\(body)</Items>".utf8)
        let tree = schema.validate(bytes: bytes)
        let stream = schema.validateStream(bytes: bytes)
        #expect(stream.isValid == tree.isValid)
        #expect(stream.diagnostics.map(\.message).sorted() == tree.diagnostics.map(\.message).sorted())
    }

    /// The embedded v1 set: the traveller reference (a token) and the watch-list entry id are
    /// checked by the stream; the leg sequence (a positive integer) stays with libxml2.
    @Test func theMessageSchemasConstraintsSplitByType() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Schemas/v1")
        var documents: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".xsd") {
            documents[name] = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
        }
        let schema = try XMLSchema(documents: documents, main: "paxsim.xsd")
        #expect(Set(schema.streamingConstraints.map(\.attribute)) == ["reference", "id"])
        #expect(schema.streamingConstraints.allSatisfy { $0.comparison == .collapsingWhitespace })
    }
}
