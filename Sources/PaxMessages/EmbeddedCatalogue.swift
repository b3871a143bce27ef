import SafeXML

extension SchemaCatalogue {
    /// The namespace of every v1 message.
    public static let v1Namespace = "urn:paxsim:api:v1"

    /// The schema documents embedded in this build, keyed by path relative to `Schemas/`
    /// (e.g. `v1/manifest.xsd`), as bytes.
    public static var embeddedDocuments: [String: [UInt8]] {
        EmbeddedSchemas.documents.mapValues { Array($0.utf8) }
    }

    /// The catalogue of every schema version embedded in this build, compiled on first use.
    ///
    /// v1's `paxsim.xsd` includes every message schema, so one compiled schema serves all roots.
    public static let embedded: SchemaCatalogue = {
        do {
            let schema = try XMLSchema(documents: embeddedDocuments, main: "v1/paxsim.xsd", name: "embedded v1/paxsim.xsd")
            let roots: [(String, String)] = [
                ("TravelerManifest", "v1/manifest.xsd"),
                ("Acknowledgement", "v1/acknowledgement.xsd"),
                ("RiskAssessment", "v1/risk-assessment.xsd"),
                ("AssistanceRequest", "v1/assistance.xsd"),
                ("AssistanceResponse", "v1/assistance.xsd"),
                ("Envelope", "v1/envelope.xsd"),
            ]
            let entries = roots.map { root, file in
                CatalogueEntry(root: QualifiedName(namespace: v1Namespace, localName: root), version: "1",
                               schemaFile: file, schema: schema, rules: BusinessRuleHook.rules(for: root))
            }
            // Watch lists are not messages (paxsim.xsd leaves them out) but validate the same way;
            // their schema compiles when the first watch list comes along.
            let watchList = QualifiedName(namespace: v1Namespace, localName: "WatchList")
            return SchemaCatalogue(entries: entries, deferred: [watchList: {
                (try? WatchList.schema).map {
                    CatalogueEntry(root: watchList, version: "1", schemaFile: "v1/watchlist.xsd", schema: $0,
                                   rules: BusinessRuleHook.rules(for: "WatchList"))
                }
            }])
        } catch {
            // Only a broken build gets here (EmbeddedSchemaTests compile every embedded schema).
            return SchemaCatalogue(entries: [], loadError: "\(error)")
        }
    }()
}
