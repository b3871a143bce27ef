/// A naming tradition: which corpus names come from and how a person's full name, and a
/// family's names, are put together (double surnames, patronymics, gendered surnames, ...).
public enum NameCulture: String, Sendable, Hashable, CaseIterable {
    /// Spanish-speaking countries: one or two given names, paternal then maternal surname.
    case spanish
    /// English-speaking countries: a given name, often a middle name, one surname.
    case english
    /// Arab countries: given name, father's and sometimes grandfather's name, family name.
    case arabic
    /// Russia: given name and a gendered surname (Ivanov / Ivanova), ICAO transliteration.
    case russian
    /// Chinese (pinyin): surname and a one- or two-syllable given name.
    case chinese
    /// India: one or two given names and a surname; a few people have a single name.
    case hindi
    /// French: up to three given names, often hyphenated, one surname.
    case french
    case german
    /// Portuguese and Brazilian: given names, mother's then father's surname.
    case portuguese
    case italian
    /// Dutch: surnames with particles (van der, de).
    case dutch
    case turkish
    case japanese
    case korean
    case hebrew

    /// The names this tradition draws from.
    public var corpus: NameCorpus {
        switch self {
        case .spanish: SpanishNames.corpus
        case .english: EnglishNames.corpus
        case .arabic: ArabicNames.corpus
        case .russian: RussianNames.corpus
        case .chinese: ChineseNames.corpus
        case .hindi: HindiNames.corpus
        case .french: FrenchNames.corpus
        case .german: GermanNames.corpus
        case .portuguese: PortugueseNames.corpus
        case .italian: ItalianNames.corpus
        case .dutch: DutchNames.corpus
        case .turkish: TurkishNames.corpus
        case .japanese: JapaneseNames.corpus
        case .korean: KoreanNames.corpus
        case .hebrew: HebrewNames.corpus
        }
    }
}
