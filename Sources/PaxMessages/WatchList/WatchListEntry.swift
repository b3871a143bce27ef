/// One listed person (or lost/stolen document): names and aliases, what is known of the birth
/// date, nationalities, documents, why the entry is listed and what a hit asks for.
public struct WatchListEntry: Sendable, Hashable, Codable {
    /// Unique within the list: 1-40 letters, digits and `. _ : -`.
    public var id: String
    public var category: WatchListCategory
    public var action: WatchListAction
    /// One to twenty names: the first is the primary name, the others are aliases.
    public var names: [WatchListName]
    /// What is known of the date of birth; nil when nothing is.
    public var birthDate: WatchListBirthDate?
    /// Up to five nationalities (ISO 3166-1 alpha-3 or ICAO Doc 9303 codes).
    public var nationalities: [CountryCode]
    /// Up to ten travel documents.
    public var documents: [WatchListDocument]
    /// Free-text note for the analyst.
    public var remarks: String?

    public init(id: String, category: WatchListCategory, action: WatchListAction, names: [WatchListName],
                birthDate: WatchListBirthDate? = nil, nationalities: [CountryCode] = [],
                documents: [WatchListDocument] = [], remarks: String? = nil) {
        self.id = id
        self.category = category
        self.action = action
        self.names = names
        self.birthDate = birthDate
        self.nationalities = nationalities
        self.documents = documents
        self.remarks = remarks
    }

    /// The aliases: every name after the first.
    public var aliases: ArraySlice<WatchListName> { names.dropFirst() }
}
