import PaxMessages

/// Writes a traveller's name the way a watch list might hold it, for each `Perturbation`.
/// Returns nil when the perturbation cannot apply to this name (no other script, a single
/// name to swap); the planter then falls back to a typo.
enum NamePerturber {
    static func name(_ name: PersonName, sex: Gender, _ perturbation: Perturbation, random: inout SeededRandom) -> WatchListName? {
        switch perturbation {
        case .exact, .dobDayMonthSwap:
            return WatchListName(surname: name.surname, givenNames: name.given)
        case .typo:
            return typo(name, &random)
        case .swappedOrder:
            guard let given = name.given else { return nil }
            return WatchListName(surname: given, givenNames: name.surname)
        case .transliteration:
            return transliterated(name, &random)
        case .missingMiddleName:
            if name.givenNames.count >= 2 {
                // The list lacks the traveller's last middle name.
                return WatchListName(surname: name.surname, givenNames: name.givenNames.dropLast().map(\.latin).joined(separator: " "))
            }
            guard let first = name.givenNames.first else { return nil }
            return WatchListName(surname: name.surname, givenNames: first.latin + " " + middleName(for: name, sex: sex, &random))
        }
    }

    /// One edit in the surname (usually) or the first given name, inside a part of four or
    /// more letters.
    static func typo(_ name: PersonName, _ random: inout SeededRandom) -> WatchListName? {
        let inSurname = name.givenNames.isEmpty || random.percent(70)
        let text = inSurname ? name.surname : name.givenNames[0].latin
        guard let edited = misspell(text, &random) else {
            if !inSurname, let changed = misspell(name.surname, &random) {
                return WatchListName(surname: changed, givenNames: name.given)
            }
            return nil
        }
        if inSurname { return WatchListName(surname: edited, givenNames: name.given) }
        let rest = name.givenNames.dropFirst().map(\.latin)
        return WatchListName(surname: name.surname, givenNames: ([edited] + rest).joined(separator: " "))
    }

    /// `text` with one plausible slip at a letter that is not the first: substitution by a
    /// keyboard neighbour, deletion, doubling or transposition. Nil for text too short.
    static func misspell(_ text: String, _ random: inout SeededRandom) -> String? {
        var characters = Array(text)
        let positions = characters.indices.filter { index in
            index > 0 && characters[index].isASCII && characters[index].isLetter
                && characters[index - 1].isLetter
        }
        guard characters.filter(\.isLetter).count >= 4, !positions.isEmpty else { return nil }
        let at = random.pick(positions)
        switch random.below(4) {
        case 0:
            let neighbours = keyboardNeighbours[characters[at]] ?? "E"
            characters[at] = random.pick(Array(neighbours))
        case 1:
            characters.remove(at: at)
        case 2:
            characters.insert(characters[at], at: at)
        default:
            if at + 1 < characters.count, characters[at + 1].isLetter, characters[at + 1] != characters[at] {
                characters.swapAt(at, at + 1)
            } else {
                characters.remove(at: at)
            }
        }
        let result = String(characters)
        return result == text ? nil : result
    }

    /// The name in its own script where every part has one, otherwise with other Latin
    /// spellings for the parts that have them.
    static func transliterated(_ name: PersonName, _ random: inout SeededRandom) -> WatchListName? {
        let parts = name.surnames + name.givenNames
        let scripted = parts.allSatisfy { $0.nativeScript != nil }
        let spelled = parts.contains { !$0.variants.isEmpty }
        if scripted, !spelled || random.percent(50) {
            return WatchListName(surname: name.surnames.compactMap(\.nativeScript).joined(separator: " "),
                                 givenNames: name.givenNames.isEmpty ? nil : name.givenNames.compactMap(\.nativeScript).joined(separator: " "))
        }
        guard spelled else { return nil }
        func respell(_ entries: [NameEntry]) -> String {
            entries.map { $0.variants.isEmpty ? $0.latin : random.pick($0.variants) }.joined(separator: " ")
        }
        return WatchListName(surname: respell(name.surnames), givenNames: name.givenNames.isEmpty ? nil : respell(name.givenNames))
    }

    /// A middle name the traveller's documents leave out: a patronymic for Russians, else
    /// another given name of the tradition and sex.
    static func middleName(for name: PersonName, sex: Gender, _ random: inout SeededRandom) -> String {
        let corpus = name.culture.corpus
        if name.culture == .russian {
            let father = random.pick(RussianNames.maleCyrillic)
            return CyrillicTransliteration.latin(RussianPatronymic.from(father, female: sex == .female), scheme: .icao9303)
        }
        let pool = sex == .male ? corpus.male : sex == .female ? corpus.female : corpus.male + corpus.female
        let first = name.givenNames.first?.latin
        for _ in 0..<4 {
            let candidate = random.pick(pool).latin
            if candidate != first { return candidate }
        }
        return random.pick(pool).latin
    }

    /// Letters next to each other on a QWERTY keyboard.
    static let keyboardNeighbours: [Character: String] = [
        "A": "QSZ", "B": "VNG", "C": "XVD", "D": "SFE", "E": "WRD", "F": "DGR", "G": "FHT", "H": "GJY", "I": "UOK",
        "J": "HKU", "K": "JLI", "L": "KO", "M": "NJ", "N": "BMH", "O": "IPL", "P": "OL", "Q": "WA", "R": "ETF",
        "S": "ADW", "T": "RYG", "U": "YIJ", "V": "CBF", "W": "QES", "X": "ZCS", "Y": "TUH", "Z": "XA",
    ]
}
