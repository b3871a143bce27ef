/// One name of a listed person, in any script (Latin, Cyrillic, Greek, Arabic, ...).
public struct WatchListName: Sendable, Hashable, Codable {
    /// Surname(s), or the whole name when it cannot be split.
    public var surname: String
    /// Given names, when known.
    public var givenNames: String?

    public init(surname: String, givenNames: String? = nil) {
        self.surname = surname
        self.givenNames = givenNames
    }
}
