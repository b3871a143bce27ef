public import SafeXML

extension WatchList {
    /// The embedded `v1/watchlist.xsd`, compiled on first use and shared (a compiled schema is
    /// immutable and validates on any number of threads).
    public static var schema: XMLSchema {
        get throws(SchemaError) { try compiledSchema.get() }
    }

    private static let compiledSchema: Result<XMLSchema, SchemaError> = {
        do throws(SchemaError) {
            return .success(try XMLSchema(documents: SchemaCatalogue.embeddedDocuments, main: "v1/watchlist.xsd",
                                          name: "embedded v1/watchlist.xsd"))
        } catch {
            return .failure(error)
        }
    }()
}
