public import SafeXML

/// One message type the catalogue knows: its root element, the compiled schema that
/// validates it, and the business rules that run after the schema.
public struct CatalogueEntry: Sendable {
    public let root: QualifiedName
    /// Schema version family, e.g. `1`.
    public let version: String
    /// The schema document that declares the root, relative to `Schemas/`.
    public let schemaFile: String
    public let schema: XMLSchema
    /// Business rules beyond the schema, run on schema-valid documents only.
    public let rules: @Sendable (XMLDocument) -> [Diagnostic]
}

/// Maps (namespace, root element) to the compiled schema of every message version we embed.
///
/// Schemas compile once per process, on first use, and are shared by every validation.
public final class SchemaCatalogue: Sendable {
    public let entries: [CatalogueEntry]
    /// Why the catalogue is empty, when its schemas failed to compile.
    public let loadError: String?

    public init(entries: [CatalogueEntry], loadError: String? = nil) {
        self.entries = entries
        self.loadError = loadError
    }

    /// The entry for a document's root element, or nil when the message type is unknown.
    public func entry(for root: QualifiedName) -> CatalogueEntry? {
        entries.first { $0.root == root }
    }

    /// Every root element the catalogue recognises, for error messages and `schema list`.
    public var knownRoots: [QualifiedName] { entries.map(\.root) }
}
