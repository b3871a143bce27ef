import Foundation
import Testing
import PaxMessages
import SafeXML

/// Schemas/ is the source of truth; the copy compiled into the library must equal it.
@Suite struct EmbeddedSchemaTests {
    static let schemas = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Schemas")

    @Test func embeddedCopyEqualsSchemasDirectory() throws {
        var onDisk: [String: [UInt8]] = [:]
        let walker = FileManager.default.enumerator(atPath: Self.schemas.path)
        while let path = walker?.nextObject() as? String {
            if path.hasSuffix(".xsd") { onDisk[path] = [UInt8](try Data(contentsOf: Self.schemas.appendingPathComponent(path))) }
        }
        let embedded = SchemaCatalogue.embeddedDocuments
        #expect(Set(embedded.keys) == Set(onDisk.keys), "run Scripts/embed-schemas.py")
        for (name, bytes) in onDisk {
            let identical = embedded[name] == bytes   // a Bool, so a failure prints the name, not the bytes
            #expect(identical, "\(name) differs from its embedded copy: run Scripts/embed-schemas.py")
        }
    }

    @Test func catalogueCompilesAndKnowsEveryMessage() {
        let catalogue = SchemaCatalogue.embedded
        #expect(catalogue.loadError == nil)
        #expect(Set(catalogue.knownRoots.map(\.localName)) == [
            "TravelerManifest", "Acknowledgement", "RiskAssessment", "AssistanceRequest", "AssistanceResponse", "Envelope",
            "WatchList",
        ])
        #expect(catalogue.knownRoots.allSatisfy { $0.namespace == SchemaCatalogue.v1Namespace })
    }
}
