import Foundation
import SafeXML

/// A small manifest-like schema and documents shared by the SafeXML tests.
enum Fixtures {
    static let namespace = "urn:test:manifest"

    static let types = """
    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:manifest"
               xmlns="urn:test:manifest" elementFormDefault="qualified">
      <xs:simpleType name="Airport"><xs:restriction base="xs:string"><xs:pattern value="[A-Z]{3}"/></xs:restriction></xs:simpleType>
    </xs:schema>
    """

    static let main = """
    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:manifest"
               xmlns="urn:test:manifest" elementFormDefault="qualified">
      <xs:include schemaLocation="types.xsd"/>
      <xs:element name="Manifest"><xs:complexType><xs:sequence>
        <xs:element name="Travelers"><xs:complexType><xs:sequence>
          <xs:element name="Traveler" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:sequence>
            <xs:element name="Name" type="xs:string"/>
            <xs:element name="DateOfBirth" type="xs:date"/>
            <xs:element name="Embarkation" type="Airport"/>
          </xs:sequence><xs:attribute name="ref" type="xs:string" use="required"/></xs:complexType></xs:element>
        </xs:sequence></xs:complexType></xs:element>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>
    """

    static let documents: [String: [UInt8]] = ["main.xsd": Array(main.utf8), "types.xsd": Array(types.utf8)]

    /// Compiled once for all tests: sharing one schema is what production does too.
    static let schema: XMLSchema = {
        do { return try XMLSchema(documents: documents, main: "main.xsd") } catch { fatalError("test schema: \(error)") }
    }()

    static func traveler(_ ref: Int, name: String = "ANA", dob: String = "1990-05-01", airport: String = "SAL") -> String {
        "<Traveler ref=\"\(ref)\"><Name>\(name)</Name><DateOfBirth>\(dob)</DateOfBirth><Embarkation>\(airport)</Embarkation></Traveler>"
    }

    static func manifest(_ travelers: [String]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Manifest xmlns=\"urn:test:manifest\">\n<Travelers>\n"
            + travelers.joined(separator: "\n") + "\n</Travelers>\n</Manifest>\n"
    }

    static var valid: [UInt8] { Array(manifest((1...3).map { traveler($0) }).utf8) }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paxsim-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
