import Foundation
import PaxTestSupport
import Testing
@testable import SafeXML

@Suite struct SchemaLoadingTests {
    @Test func includesResolveInsideTheEmbeddedSet() throws {
        #expect(Fixtures.schema.validate(bytes: Fixtures.valid).isValid)
        // The included type is in force: a lower-case airport fails its pattern.
        let bad = Array(Fixtures.manifest([Fixtures.traveler(1, airport: "sal")]).utf8)
        #expect(!Fixtures.schema.validate(bytes: bad).isValid)
    }

    @Test func includesResolveFromTheSchemaDirectoryOnDisk() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, bytes) in Fixtures.documents { try Data(bytes).write(to: directory.appendingPathComponent(name)) }
        let schema = try XMLSchema(contentsOf: directory.appendingPathComponent("main.xsd"))
        #expect(schema.validate(bytes: Fixtures.valid).isValid)
    }

    @Test func networkIncludeIsRefusedWithoutAConnection() throws {
        let listener = try LoopbackListener()
        let main = Fixtures.main.replacingOccurrences(of: "types.xsd", with: "http://127.0.0.1:\(listener.port)/types.xsd")
        #expect(throws: SchemaError.self) {
            _ = try XMLSchema(documents: ["main.xsd": Array(main.utf8)], main: "main.xsd")
        }
        #expect(listener.stop() == 0)
        #expect(SchemaDocumentRegistry.shared.refusedLocations.contains("http://127.0.0.1:\(listener.port)/types.xsd"))
    }

    @Test func includeEscapingTheSchemaDirectoryIsRefused() throws {
        let outer = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outer) }
        let inner = outer.appendingPathComponent("schemas")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        try Data(Fixtures.types.utf8).write(to: outer.appendingPathComponent("types.xsd"))
        let main = Fixtures.main.replacingOccurrences(of: "\"types.xsd\"", with: "\"../types.xsd\"")
        try Data(main.utf8).write(to: inner.appendingPathComponent("main.xsd"))
        #expect(throws: SchemaError.self) { _ = try XMLSchema(contentsOf: inner.appendingPathComponent("main.xsd")) }

        let absolute = Fixtures.main.replacingOccurrences(of: "\"types.xsd\"", with: "\"file://\(outer.path)/types.xsd\"")
        try Data(absolute.utf8).write(to: inner.appendingPathComponent("main.xsd"))
        #expect(throws: SchemaError.self) { _ = try XMLSchema(contentsOf: inner.appendingPathComponent("main.xsd")) }
    }

    @Test func schemaWithDoctypeIsRefused() {
        let hostile = "<!DOCTYPE xs:schema [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + Fixtures.main
        #expect(throws: SchemaError.self) {
            _ = try XMLSchema(documents: ["main.xsd": Array(hostile.utf8), "types.xsd": Array(Fixtures.types.utf8)], main: "main.xsd")
        }
    }

    @Test func brokenSchemaNamesTheProblem() throws {
        let broken = Fixtures.main.replacingOccurrences(of: "type=\"xs:date\"", with: "type=\"NoSuchType\"")
        do {
            _ = try XMLSchema(documents: ["main.xsd": Array(broken.utf8), "types.xsd": Array(Fixtures.types.utf8)], main: "main.xsd")
            Issue.record("a schema with an undefined type compiled")
        } catch {
            #expect(error.diagnostics.contains { $0.message.contains("NoSuchType") && $0.line > 0 })
            #expect(!error.description.contains("paxsim-schema://"))
        }
    }

    @Test func missingSchemaFileIsAClearError() {
        do {
            _ = try XMLSchema(contentsOf: URL(fileURLWithPath: "/nonexistent/schema.xsd"))
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.description.contains("/nonexistent/schema.xsd"))
        }
    }
}
