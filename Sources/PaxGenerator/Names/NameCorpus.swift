import PaxMessages

/// One name as written in a document, with the other forms it is found in: the original
/// script and other Latin transliterations (what watch lists and other agencies may hold).
public struct NameEntry: Sendable, Hashable {
    /// The Latin form a passport of the name's country prints, upper case.
    public let latin: String
    /// The name in its own script (Cyrillic, Arabic, Han), when it has one.
    public let nativeScript: String?
    /// Other Latin spellings of the same name (`MUHAMMAD` for `MOHAMMED`).
    public let variants: [String]
    /// `latin` in MRZ characters (`HERNANDEZ`, `AL<HARBI`), worked out once per corpus name
    /// so that building a million MRZs does not transliterate a million times.
    let mrz: String

    public init(_ latin: String, script: String? = nil, variants: [String] = []) {
        self.latin = latin
        nativeScript = script
        self.variants = variants
        mrz = (try? MRZTransliteration.transliterate(latin)) ?? ""
    }
}

/// The given names (by sex) and surnames of one naming tradition.
public struct NameCorpus: Sendable {
    public let male: [NameEntry]
    public let female: [NameEntry]
    public let surnames: [NameEntry]

    public init(male: [NameEntry], female: [NameEntry], surnames: [NameEntry]) {
        self.male = male
        self.female = female
        self.surnames = surnames
    }

    /// A corpus of plain Latin names (no other script or spelling).
    public init(male: [String], female: [String], surnames: [String]) {
        self.init(male: male.map { NameEntry($0) }, female: female.map { NameEntry($0) },
                  surnames: surnames.map { NameEntry($0) })
    }
}
