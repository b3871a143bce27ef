import PaxMessages

/// A generated person's name, kept in parts so that families can share them and watch-list
/// entries can be written in other forms (swapped order, other scripts, a middle name left out).
public struct PersonName: Sendable, Hashable {
    /// Given names in order: first name, then middle names, patronymics or father's names.
    public var givenNames: [NameEntry]
    /// Surname parts in order (`HERNÁNDEZ`, `LÓPEZ`; or `MARTÍNEZ`, `DE`, `HERNÁNDEZ`).
    public var surnames: [NameEntry]
    public var culture: NameCulture

    public init(givenNames: [NameEntry], surnames: [NameEntry], culture: NameCulture) {
        self.givenNames = givenNames
        self.surnames = surnames
        self.culture = culture
    }

    /// The surname as the document prints it.
    public var surname: String { Self.joined(surnames) }

    /// The given names as the document prints them; nil for a person with a single name.
    public var given: String? { givenNames.isEmpty ? nil : Self.joined(givenNames) }

    private static func joined(_ parts: [NameEntry]) -> String {
        if parts.count == 1 { return parts[0].latin }
        var text = ""
        text.reserveCapacity(parts.reduce(parts.count) { $0 + $1.latin.utf8.count })
        for (index, part) in parts.enumerated() {
            if index > 0 { text += " " }
            text += part.latin
        }
        return text
    }

    /// The surname in MRZ characters, components separated by spaces.
    var surnameMRZ: String { surnames.map(\.mrz).joined(separator: " ") }

    /// The given names in MRZ characters, components separated by spaces.
    var givenMRZ: String { givenNames.map(\.mrz).joined(separator: " ") }

    /// Writes the MRZ name field from the parts' MRZ forms (worked out once per corpus name).
    func writeMRZ(_ writer: inout MRZComposer.NameWriter) {
        for part in surnames { writer.primary(part.mrz) }
        for part in givenNames { writer.secondary(part.mrz) }
    }

    public static func == (a: PersonName, b: PersonName) -> Bool {
        a.surname == b.surname && a.given == b.given
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(surname)
        hasher.combine(given)
    }
}

extension NameEntry {
    /// A name assembled at generation time (a Chinese given name of two syllables).
    static func joined(_ parts: [NameEntry]) -> NameEntry {
        NameEntry(parts.map(\.latin).joined())
    }
}
