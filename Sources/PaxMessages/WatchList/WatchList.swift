/// A watch list: the persons and documents a receiving agency screens travellers against
/// (terrorism, sanctions, wanted persons, lost and stolen documents, ...).
///
/// Written and read as the `WatchList` document of `Schemas/v1/watchlist.xsd`.
public struct WatchList: Sendable, Hashable, Codable {
    /// The version written in the root's `schemaVersion` attribute.
    public var schemaVersion: SchemaVersion
    /// Identifier of the list, quoted in screening results.
    public var listId: String
    /// When the issuing agency produced this version of the list.
    public var issuedAt: Timestamp?
    /// The entries, in list order; ids are unique within a list.
    public var entries: [WatchListEntry]

    public init(schemaVersion: SchemaVersion = .current, listId: String, issuedAt: Timestamp? = nil,
                entries: [WatchListEntry] = []) {
        self.schemaVersion = schemaVersion
        self.listId = listId
        self.issuedAt = issuedAt
        self.entries = entries
    }
}
