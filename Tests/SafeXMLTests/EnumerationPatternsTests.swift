import Foundation
import Testing
@testable import SafeXML

/// Long value lists become one pattern in the schema the one-pass check accepts with, and that
/// schema accepts exactly what the published one accepts.
@Suite struct EnumerationPatternsTests {
    @Test func patternsAreFactoredByPrefix() {
        #expect(EnumerationPatterns.pattern(matching: ["X"]) == "X")
        #expect(EnumerationPatterns.pattern(matching: ["AB", "AC", "B"]) == "(A(B|C)|B)")
        #expect(EnumerationPatterns.pattern(matching: ["AB", "A"]) == "A(B)?")
        #expect(EnumerationPatterns.pattern(matching: ["ABC", "ABD", "ABC"]) == "AB(C|D)")
        #expect(EnumerationPatterns.pattern(matching: ["a1", "A1"]) == "(A1|a1)")
    }

    /// Three-letter codes, as many as `count`, from AAA on.
    static func codes(_ count: Int, from start: Int = 0) -> [String] {
        (start..<(start + count)).map { n in
            let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            return String([letters[n / 676 % 26], letters[n / 26 % 26], letters[n % 26]])
        }
    }

    static func enumeration(_ values: [String]) -> String {
        values.map { "<xs:enumeration value=\"\($0)\"><xs:annotation><xs:documentation>\($0)</xs:documentation></xs:annotation></xs:enumeration>" }.joined()
    }

    /// Restrictions that qualify (Token, Text) and restrictions that must stay as written.
    static let schemaText = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:test:enum" targetNamespace="urn:test:enum" elementFormDefault="qualified">
          <xs:simpleType name="Token"><xs:restriction base="xs:token">\(enumeration(codes(40)))</xs:restriction></xs:simpleType>
          <xs:simpleType name="Text"><xs:annotation><xs:documentation>kept</xs:documentation></xs:annotation><xs:restriction base="xs:string">\(enumeration(codes(20, from: 100)))</xs:restriction></xs:simpleType>
          <xs:simpleType name="Short"><xs:restriction base="xs:token">\(enumeration(codes(5)))</xs:restriction></xs:simpleType>
          <xs:simpleType name="Bounded"><xs:restriction base="xs:token"><xs:maxLength value="3"/>\(enumeration(codes(20)))</xs:restriction></xs:simpleType>
          <xs:simpleType name="Patterned"><xs:restriction base="xs:token"><xs:pattern value="[A-Z]+"/>\(enumeration(codes(20)))</xs:restriction></xs:simpleType>
          <xs:simpleType name="Punctuated"><xs:restriction base="xs:token">\(enumeration(codes(19) + ["A-B"]))</xs:restriction></xs:simpleType>
          <xs:simpleType name="Subset"><xs:restriction base="t:Token">\(enumeration(codes(18)))</xs:restriction></xs:simpleType>
          <xs:simpleType name="Either"><xs:union memberTypes="t:Token t:Text"/></xs:simpleType>
          <xs:element name="Doc"><xs:complexType><xs:sequence>
            <xs:element name="Token" type="t:Token" minOccurs="0"/>
            <xs:element name="Text" type="t:Text" minOccurs="0"/>
            <xs:element name="Subset" type="t:Subset" minOccurs="0"/>
            <xs:element name="Either" type="t:Either" minOccurs="0"/>
          </xs:sequence><xs:attribute name="code" type="t:Token"/></xs:complexType></xs:element>
        </xs:schema>
        """

    @Test func onlyLongPlainListsOfStringOrTokenAreRewritten() throws {
        let rewritten = try #require(EnumerationPatterns.rewrite(document: Array(Self.schemaText.utf8)))
        let root = try #require(try XMLDocument.parse(rewritten).root)
        func restriction(of name: String) throws -> XMLElement {
            let type = try #require(root.children.first { $0.attribute("name") == name })
            return try #require(type.children.first { $0.name.localName == "restriction" })
        }
        for name in ["Token", "Text"] {
            let facets = try restriction(of: name).children
            #expect(facets.map(\.name.localName) == ["pattern"], "\(name)")
        }
        #expect(try restriction(of: "Text").attribute("base") == "xs:string")
        #expect(root.children.first { $0.attribute("name") == "Text" }?.children.first?.name.localName == "annotation")
        let kept = ["Short": 5, "Bounded": 20, "Patterned": 20, "Punctuated": 20, "Subset": 18]
        for (name, count) in kept {
            #expect(try restriction(of: name).children.filter { $0.name.localName == "enumeration" }.count == count, "\(name)")
        }
        let nothingToRewrite = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:simpleType name="S"><xs:restriction base="xs:token">\(Self.enumeration(Self.codes(5)))</xs:restriction></xs:simpleType></xs:schema>
            """
        #expect(EnumerationPatterns.rewrite(document: Array(nothingToRewrite.utf8)) == nil)
        #expect(EnumerationPatterns.rewrite(["a.xsd": Array(nothingToRewrite.utf8)]) == nil)
    }

    @Test func theAcceptingSchemaAcceptsExactlyWhatThePublishedOneAccepts() throws {
        let schema = OnePassValidationTests.schema(Self.schemaText)
        #expect(schema.accepting() != schema.pointer, "no accepting variant was compiled")
        let listed = Self.codes(40) + Self.codes(20, from: 100)
        let others = ["", "A", "AA", "AAAA", "aaa", "AA A", "A\u{A0}A", "ZZZ", "AAZ", "DY", Self.codes(1, from: 40)[0], Self.codes(1, from: 120)[0]]
        let spaced = ["AAB", "DW"].flatMap { [" \($0)", "\($0) ", "\n\t\($0)\r\n ", "&#32;\($0)", "\($0)&#10;"] }
        var accepted = 0
        for value in listed + others + spaced {
            for element in ["Token", "Text", "Subset", "Either"] {
                // (An attribute value with a character reference is read as a tree by design.)
                let documents = ["<Doc xmlns=\"urn:test:enum\"><\(element)>\(value)</\(element)></Doc>"]
                    + (value.contains("&") ? [] : ["<Doc xmlns=\"urn:test:enum\" code=\"\(value)\"/>"])
                for bytes in documents.map({ Array($0.utf8) }) {
                    let tree = schema.validate(bytes: bytes).isValid
                    let pass = schema.validatedRoot(of: bytes) != nil
                    #expect(pass == tree, "\(element) \(value.debugDescription): tree \(tree), one pass \(pass)")
                    // The validator that tries the variant first reports what the published schema reports.
                    let document = try XMLDocument.parse(bytes)
                    #expect(schema.validateAcceptingFirst(document) == schema.validate(document), "\(element) \(value.debugDescription)")
                    var reader = InMemoryReader(bytes: bytes)
                    let streamed = schema.validateStreamAcceptingFirst(read: { reader.read(into: $0) }) {
                        reader = InMemoryReader(bytes: bytes)
                        return true
                    }
                    #expect(streamed == schema.validateStream(bytes: bytes), "\(element) \(value.debugDescription)")
                    if tree { accepted += 1 }
                }
            }
        }
        // Input that cannot be read again gets a report that says so, not the variant's messages.
        let invalid = Array("<Doc xmlns=\"urn:test:enum\"><Token>ZZZ</Token></Doc>".utf8)
        var reader = InMemoryReader(bytes: invalid)
        let unread = schema.validateStreamAcceptingFirst(read: { reader.read(into: $0) }, rewind: { false })
        #expect(!unread.isValid)
        #expect(unread.diagnostics.map(\.code) == [SafetyCode.io])
        #expect(!unread.diagnostics.contains { $0.message.contains("pattern") })
        // Both verdicts occur: listed values are accepted where their type allows them.
        #expect(accepted > 100)
        #expect(accepted < (listed.count + others.count + spaced.count) * 8)
    }
}
