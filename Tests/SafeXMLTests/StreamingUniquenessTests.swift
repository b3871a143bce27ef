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
}
