import PaxMessages

/// Makes names the way each tradition gives them: to an adult, to a spouse (who may take
/// the partner's surname, or keep their own) and to a child (who inherits surnames by the
/// tradition's rule: both parents' first surnames in Spanish, the father's name as second
/// given name in Arabic, a gendered surname in Russian, ...).
struct PersonNamer {
    let culture: NameCulture
    /// The tradition's names, looked up once per namer rather than once per name drawn.
    private let corpus: NameCorpus

    init(culture: NameCulture) {
        self.culture = culture
        corpus = culture.corpus
    }

    /// A first name of the given sex (either list for `X`).
    func firstName(_ sex: Gender, _ random: inout SeededRandom) -> NameEntry {
        switch culture {
        case .chinese:
            let syllables = sex == .female || (sex != .male && random.percent(50)) ? corpus.female : corpus.male
            if random.percent(30) { return random.pick(syllables) }
            return .joined([random.pick(syllables), random.pick(syllables)])
        default:
            let pool = sex == .male ? corpus.male : sex == .female ? corpus.female : (random.percent(50) ? corpus.male : corpus.female)
            return random.pick(pool)
        }
    }

    /// A surname of the tradition, in the form for `sex`.
    func familyName(_ sex: Gender, _ random: inout SeededRandom) -> NameEntry {
        let surnames = corpus.surnames
        let index = random.below(surnames.count)
        if culture == .russian, sex == .female { return RussianNames.feminineSurnames[index] }
        return surnames[index]
    }

    /// An adult with no relation to anyone else in the group.
    func adult(_ sex: Gender, _ random: inout SeededRandom) -> PersonName {
        var given = [firstName(sex, &random)]
        var surnames = [familyName(sex, &random)]
        switch culture {
        case .spanish:
            if random.percent(75) { given.append(another(sex, besides: given[0], &random)) }
            surnames.append(familyName(sex, &random))
        case .portuguese:
            if random.percent(55) { given.append(another(sex, besides: given[0], &random)) }
            if random.percent(60) { surnames.insert(familyName(sex, &random), at: 0) }
        case .english, .german, .dutch, .turkish:
            if random.percent(culture == .english ? 60 : 30) { given.append(another(sex, besides: given[0], &random)) }
        case .french, .italian:
            let extra = random.below(culture == .french ? 3 : 2)
            for _ in 0..<extra { given.append(another(sex, besides: given[0], &random)) }
        case .arabic:
            given.append(firstName(.male, &random))
            if random.percent(30) { given.append(firstName(.male, &random)) }
        case .hindi:
            if random.percent(20) { given.append(another(sex, besides: given[0], &random)) }
            if random.chance(2, in: 100) { return PersonName(givenNames: [], surnames: given, culture: culture) }
        case .russian, .chinese, .japanese, .korean, .hebrew:
            break
        }
        return PersonName(givenNames: given, surnames: surnames, culture: culture)
    }

    /// The partner of `partner`: their own given names, and the surname custom of the tradition.
    func spouse(of partner: PersonName, _ sex: Gender, _ random: inout SeededRandom) -> PersonName {
        var own = adult(sex, &random)
        guard !partner.surnames.isEmpty else { return own }
        switch culture {
        case .spanish:
            // Some married women add "DE" and the husband's first surname.
            if sex == .female, random.percent(15), let husband = partner.surnames.first, let first = own.surnames.first {
                own.surnames = [first, NameEntry("DE"), husband]
            }
        case .english, .french, .german, .dutch, .turkish, .japanese, .hebrew, .hindi:
            if random.percent(80) { own.surnames = partner.surnames }
        case .russian:
            if random.percent(80) { own.surnames = [RussianNames.form(of: partner.surnames[0], for: sex)] }
        case .portuguese:
            if random.percent(50), let last = partner.surnames.last { own.surnames = [own.surnames[own.surnames.count - 1], last] }
        case .arabic, .chinese, .korean, .italian:
            break
        }
        return own
    }

    /// A child of `father` and/or `mother`, named by the tradition's inheritance rule.
    func child(father: PersonName?, mother: PersonName?, _ sex: Gender, _ random: inout SeededRandom) -> PersonName {
        var given = [firstName(sex, &random)]
        let parent = father ?? mother
        var surnames = parent?.surnames ?? [familyName(sex, &random)]
        switch culture {
        case .spanish:
            if random.percent(75) { given.append(another(sex, besides: given[0], &random)) }
            let paternal = father?.surnames.first ?? mother?.surnames.first
            let maternal = father == nil ? mother?.surnames.dropFirst().first(where: { $0.latin != "DE" }) : mother?.surnames.first
            surnames = [paternal, maternal].compactMap { $0 }
            if surnames.isEmpty { surnames = [familyName(sex, &random)] }
        case .portuguese:
            if random.percent(55) { given.append(another(sex, besides: given[0], &random)) }
            let fromMother = mother?.surnames.first
            let fromFather = father?.surnames.last
            surnames = [fromMother, fromFather].compactMap { $0 }
            if surnames.count == 2, surnames[0] == surnames[1] { surnames.removeFirst() }
            if surnames.isEmpty { surnames = [familyName(sex, &random)] }
        case .arabic:
            if let father, let fathersName = father.givenNames.first {
                given.append(fathersName)
                if father.givenNames.count > 1, random.percent(30) { given.append(father.givenNames[1]) }
                surnames = father.surnames
            } else {
                given.append(firstName(.male, &random))
            }
        case .russian:
            if let parentSurname = parent?.surnames.first { surnames = [RussianNames.form(of: parentSurname, for: sex)] }
        case .hindi:
            if parent?.givenNames.isEmpty ?? false { surnames = [familyName(sex, &random)] }
        case .english, .german, .dutch, .turkish:
            if random.percent(culture == .english ? 60 : 30) { given.append(another(sex, besides: given[0], &random)) }
        case .french, .italian:
            if random.percent(40) { given.append(another(sex, besides: given[0], &random)) }
        case .chinese, .japanese, .korean, .hebrew:
            break
        }
        return PersonName(givenNames: given, surnames: surnames, culture: culture)
    }

    /// A further given name, redrawn a few times so that it differs from the first.
    private func another(_ sex: Gender, besides first: NameEntry, _ random: inout SeededRandom) -> NameEntry {
        for _ in 0..<4 {
            let candidate = firstName(sex, &random)
            if candidate.latin != first.latin { return candidate }
        }
        return firstName(sex, &random)
    }
}

extension RussianNames {
    private static let masculineIndex: [String: Int] = Dictionary(
        corpus.surnames.enumerated().map { ($0.element.latin, $0.offset) }, uniquingKeysWith: { first, _ in first })
    private static let feminineIndex: [String: Int] = Dictionary(
        feminineSurnames.enumerated().map { ($0.element.latin, $0.offset) }, uniquingKeysWith: { first, _ in first })

    /// `surname` (masculine or feminine form) in the form for `sex`.
    static func form(of surname: NameEntry, for sex: Gender) -> NameEntry {
        guard let index = masculineIndex[surname.latin] ?? feminineIndex[surname.latin] else { return surname }
        return sex == .female ? feminineSurnames[index] : corpus.surnames[index]
    }
}
