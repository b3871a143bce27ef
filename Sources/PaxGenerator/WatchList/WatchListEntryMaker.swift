import PaxMessages

/// Writes watch-list entries: for a planted traveller (their name and birth date as the
/// perturbation has it, their nationality, sometimes their passport) and for decoys
/// (people of any tradition, birth dates exact, by year or by range, aliases, documents).
enum WatchListEntryMaker {
    static let categories = WeightedChoice<WatchListCategory>([
        (.wanted, 25), (.immigration, 25), (.customs, 20), (.sanctions, 15), (.terrorism, 10), (.lostStolenDocument, 5),
    ])

    static let remarks = [
        "Interpol red notice", "Interpol yellow notice", "Prior removal; re-entry bar", "Overstayed visa by 14 months",
        "Suspected cash courier", "Subject of a customs mutual assistance request", "Listed under national sanctions regime",
        "Associate of a known smuggling network", "Document reported stolen", "Wanted for questioning (fraud)",
    ]

    /// The entry a planted traveller should match, and the perturbation actually applied
    /// (a typo when the requested one does not fit the traveller's name or birth date).
    static func planted(_ plant: PlantedTraveler, id: String, random: inout SeededRandom) -> (WatchListEntry, Perturbation) {
        let traveler = plant.generated.traveler
        var applied = plant.perturbation
        var birth = traveler.dateOfBirth
        if applied == .dobDayMonthSwap {
            if birth.day <= 12, birth.day != birth.month, let swapped = CalendarDate(year: birth.year, month: birth.day, day: birth.month) {
                birth = swapped
            } else {
                applied = .typo
            }
        }
        var name = NamePerturber.name(plant.generated.name, sex: traveler.gender, applied, random: &random)
        if name == nil {
            applied = .typo
            name = NamePerturber.name(plant.generated.name, sex: traveler.gender, .typo, random: &random)
        }
        let listedName = name ?? WatchListName(surname: traveler.surname, givenNames: traveler.givenNames)
        if name == nil { applied = .exact }
        var category = categories.draw(&random)
        if category == .lostStolenDocument { category = .wanted }
        var documents: [WatchListDocument] = []
        if let passport = traveler.documents.first, random.percent(applied == .exact ? 40 : 20) {
            documents.append(WatchListDocument(type: passport.type, number: passport.number, issuingState: passport.issuingState))
        }
        let entry = WatchListEntry(
            id: id, category: category, action: action(for: category, &random), names: [listedName],
            birthDate: .exact(birth), nationalities: random.percent(85) ? [traveler.nationality] : [],
            documents: documents, remarks: random.percent(60) ? random.pick(remarks) : nil)
        return (entry, applied)
    }

    /// A person (or a lost document) no traveller of the run is meant to match.
    static func decoy(id: String, serial: UInt64, seed: UInt64, random: inout SeededRandom) -> WatchListEntry {
        let profile = random.pick(Countries.all)
        let culture = profile.cultureChoice.draw(&random)
        let sex: Gender = random.percent(75) ? .male : .female
        let person = PersonNamer(culture: culture).adult(sex, &random)
        var names = [WatchListName(surname: person.surname, givenNames: person.given)]
        if random.percent(25) {
            if let alias = NamePerturber.transliterated(person, &random), alias != names[0] {
                names.append(alias)
            } else if let alias = NamePerturber.typo(person, &random) {
                names.append(alias)
            }
        }
        let year = random.int(in: 1950...2004)
        let birth = CalendarDate(year: year, month: random.int(in: 1...12), day: random.int(in: 1...28))
        var birthDate: WatchListBirthDate? = nil
        switch random.below(100) {
        case 0..<60: birthDate = birth.map { .exact($0) }
        case 60..<85: birthDate = .year(year)
        case 85..<95:
            if let from = CalendarDate(year: year - 1, month: 1, day: 1), let to = CalendarDate(year: year + 1, month: 12, day: 31) {
                birthDate = .range(from, to)
            }
        default: birthDate = nil
        }
        let category = categories.draw(&random)
        var documents: [WatchListDocument] = []
        if category == .lostStolenDocument || random.percent(25) {
            let format = random.pick(profile.passportFormats)
            let key = profile.code.rawValue + "/P/" + format
            let number = SerialNumberFormat(format, seed: seed, key: key).number(serial)
            documents.append(WatchListDocument(type: .passport, number: number, issuingState: profile.code))
        }
        return WatchListEntry(
            id: id, category: category, action: action(for: category, &random), names: names, birthDate: birthDate,
            nationalities: random.percent(80) ? [profile.code] : [], documents: documents,
            remarks: random.percent(50) ? random.pick(remarks) : nil)
    }

    static func action(for category: WatchListCategory, _ random: inout SeededRandom) -> WatchListAction {
        switch category {
        case .terrorism, .sanctions: random.percent(75) ? .noBoard : .inspect
        case .lostStolenDocument: .noBoard
        default: random.percent(15) ? .noBoard : .inspect
        }
    }
}
