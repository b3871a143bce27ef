public import SafeXML
import Synchronization

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
    /// Entries compiled with the catalogue.
    public let entries: [CatalogueEntry]
    /// Why the catalogue is empty, when its schemas failed to compile.
    public let loadError: String?
    /// Roots whose schema compiles only when a document needs it (so that `paxsim validate`
    /// on a manifest does not pay for, say, the watch-list schema).
    private let deferred: [QualifiedName: @Sendable () -> CatalogueEntry?]
    private let resolved = Mutex<[QualifiedName: CatalogueEntry]>([:])

    public init(entries: [CatalogueEntry], loadError: String? = nil,
                deferred: [QualifiedName: @Sendable () -> CatalogueEntry?] = [:]) {
        self.entries = entries
        self.loadError = loadError
        self.deferred = deferred
    }

    /// The entry for a document's root element, or nil when the message type is unknown.
    public func entry(for root: QualifiedName) -> CatalogueEntry? {
        if let entry = entries.first(where: { $0.root == root }) { return entry }
        guard let make = deferred[root] else { return nil }
        return resolved.withLock { cache in
            if let entry = cache[root] { return entry }
            let entry = make()
            cache[root] = entry
            return entry
        }
    }

    /// Every entry, compiling deferred ones (for `schema list`).
    public var allEntries: [CatalogueEntry] {
        entries + deferred.keys.sorted { $0.localName < $1.localName }.compactMap { entry(for: $0) }
    }

    /// Every root element the catalogue recognises, for error messages and `schema list`.
    public var knownRoots: [QualifiedName] {
        entries.map(\.root) + deferred.keys.sorted { $0.localName < $1.localName }
    }
}
