extension SchemaCatalogue {
    /// The catalogue of every schema version embedded in this build.
    public static let embedded = SchemaCatalogue(entries: [])
}
