public import Foundation
internal import CLibXML2
import Synchronization

/// A compiled XSD schema: immutable once built and shared by any number of tasks.
///
/// Each validation creates its own libxml2 validation context, so one schema validates many
/// documents in parallel. `xs:include`/`xs:import` resolve only inside the schema's own set
/// (the embedded documents, or `.xsd` files below the main file's directory), never from the
/// network.
public final class XMLSchema: @unchecked Sendable {
    // @unchecked: `pointer` is a compiled xmlSchema that nothing mutates after init; libxml2
    // documents a compiled schema as shareable by concurrent validation contexts, and every
    // validation makes its own context. It is freed once, in deinit. The streaming and accepting
    // variants are compiled at most once each, under their Mutex, and are as immutable as
    // `pointer` afterwards.
    let pointer: xmlSchemaPtr
    /// The in-memory documents, kept to build the variants on first use.
    private let documents: [String: [UInt8]]?
    private let main: String
    /// The same schema without the identity constraints that streaming checks itself (see
    /// `StreamingUniqueness`): compiled once, on the first streaming validation, under the lock.
    private let streamingVariant = Mutex<StreamingVariant?>(nil)

    struct StreamingVariant {
        var pointer: xmlSchemaPtr?
        var constraints: [StreamingUniqueness]
    }
    /// The same schema with its long value lists as patterns (`EnumerationPatterns`): accepts
    /// exactly what `pointer` accepts, in less time, with worse messages. Compiled once, on the
    /// first one-pass check; holds nil when there is nothing to rewrite.
    private let acceptingVariant = Mutex<AcceptingVariant?>(nil)
    /// The streaming variant with the same rewrite, compiled on the first streaming use.
    private let acceptingStreamingVariant = Mutex<AcceptingVariant?>(nil)

    struct AcceptingVariant {
        var pointer: xmlSchemaPtr?
    }
    /// A name for messages: the file path or the embedded set's main document.
    public let name: String
    /// The namespace of XSD's own elements and built-in types, for the code that reads schema documents.
    static let xsdNamespace = "http://www.w3.org/2001/XMLSchema"

    /// Compiles the schema `main` from an in-memory set of documents keyed by relative path.
    public init(documents: [String: [UInt8]], main: String, name: String? = nil) throws(SchemaError) {
        _ = LibXML.ready
        guard documents[main] != nil else {
            throw SchemaError(name: name ?? main, diagnostics: [], reason: "the schema set has no document named \(main)")
        }
        self.name = name ?? main
        self.documents = documents
        self.main = main
        pointer = try Self.compile(source: .memory(documents), main: main, name: self.name)
    }

    /// Compiles the schema in `file`; includes and imports come from its directory tree only.
    public convenience init(contentsOf file: URL) throws(SchemaError) {
        let path = file.standardizedFileURL
        guard FileManager.default.isReadableFile(atPath: path.path) else {
            throw SchemaError(name: file.path, diagnostics: [], reason: "cannot read schema file \(file.path)")
        }
        try self.init(directory: path.deletingLastPathComponent(), main: path.lastPathComponent, name: file.path)
    }

    private init(directory: URL, main: String, name: String) throws(SchemaError) {
        _ = LibXML.ready
        self.name = name
        // Schemas read from disk keep their identity constraints in streaming mode too.
        self.documents = nil
        self.main = main
        pointer = try Self.compile(source: .directory(directory), main: main, name: name)
    }

    deinit {
        xmlSchemaFree(pointer)
        streamingVariant.withLock { variant in
            if let compiled = variant?.pointer { xmlSchemaFree(compiled) }
        }
        acceptingVariant.withLock { variant in
            if let compiled = variant?.pointer { xmlSchemaFree(compiled) }
        }
        acceptingStreamingVariant.withLock { variant in
            if let compiled = variant?.pointer { xmlSchemaFree(compiled) }
        }
    }

    /// The compiled schema to accept documents with: the accepting variant when the schema
    /// has long value lists to rewrite (built on first call), this schema otherwise. Only a
    /// verdict of "valid" from it is final; refusals are to be checked again with `pointer`.
    func accepting() -> xmlSchemaPtr {
        compiledOnce(acceptingVariant) { EnumerationPatterns.rewrite($0) } ?? pointer
    }

    /// The streaming variant's schema with the rewrite of `accepting()` (checked alongside the
    /// same constraints as `streaming()`'s), built on first call; nil when nothing is rewritten.
    func acceptingStreaming() -> xmlSchemaPtr? {
        let checksConstraints = !streaming().constraints.isEmpty
        return compiledOnce(acceptingStreamingVariant) { documents in
            // The documents `streaming()` compiled: without the constraints it checks itself.
            EnumerationPatterns.rewrite(checksConstraints ? StreamingUniqueness.extract(from: documents).documents : documents)
        }
    }

    /// The schema compiled from this one's documents as `edit` changes them, compiled at most
    /// once into `variant`; nil for a schema read from files, or when `edit` changes nothing.
    private func compiledOnce(_ variant: borrowing Mutex<AcceptingVariant?>,
                              edit: @Sendable ([String: [UInt8]]) -> [String: [UInt8]]?) -> xmlSchemaPtr? {
        variant.withLock { variant in
            if variant == nil {
                variant = AcceptingVariant(pointer: nil)
                if let documents, let edited = edit(documents) {
                    variant = AcceptingVariant(pointer: try? Self.compile(source: .memory(edited), main: main, name: name))
                }
            }
            return variant?.pointer
        }
    }

    /// The compiled schema and constraints streaming validation uses (built on first call).
    func streaming() -> (pointer: xmlSchemaPtr, constraints: [StreamingUniqueness]) {
        streamingVariant.withLock { variant in
            if variant == nil {
                variant = StreamingVariant(pointer: nil, constraints: [])
                if let documents {
                    let (edited, constraints) = StreamingUniqueness.extract(from: documents)
                    if !constraints.isEmpty, let compiled = try? Self.compile(source: .memory(edited), main: main, name: name) {
                        variant = StreamingVariant(pointer: compiled, constraints: constraints)
                    }
                }
            }
            return (variant?.pointer ?? pointer, variant?.constraints ?? [])
        }
    }

    /// The `xs:unique` constraints streaming validation checks itself instead of libxml2.
    public var streamingConstraints: [StreamingUniqueness] { streaming().constraints }

    private static func compile(source: SchemaDocumentRegistry.Source, main: String, name: String) throws(SchemaError) -> xmlSchemaPtr {
        let registry = SchemaDocumentRegistry.shared
        let base = registry.register(source)
        defer { registry.unregister(base: base) }
        let url = base + (main.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? main)
        let collector = ErrorCollector(limit: 200, origin: .schema)
        let schema: xmlSchemaPtr? = collector.capturingThreadErrors {
            guard let parser = xmlSchemaNewParserCtxt(url) else { return nil }
            defer { xmlSchemaFreeParserCtxt(parser) }
            xmlSchemaSetParserStructuredErrors(parser, ErrorCollector.callback, Unmanaged.passUnretained(collector).toOpaque())
            return xmlSchemaParse(parser)
        }
        let diagnostics = collector.finish().map { d in
            var d = d
            d.origin = .schema
            d.message = d.message.replacingOccurrences(of: base, with: "")
            return d
        }
        guard let schema, !diagnostics.contains(where: { $0.severity == .error }) else {
            if let schema { xmlSchemaFree(schema) }
            throw SchemaError(name: name, diagnostics: diagnostics, reason: "the schema does not compile")
        }
        return schema
    }
}

/// A schema that could not be loaded or compiled, with libxml2's reasons.
public struct SchemaError: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var diagnostics: [Diagnostic]
    public var reason: String

    public var description: String {
        var text = "\(name): \(reason)"
        for d in diagnostics.prefix(20) {
            text += "\n  \(d.line > 0 ? "line \(d.line): " : "")\(d.message) [\(d.code)]"
        }
        return text
    }
}
