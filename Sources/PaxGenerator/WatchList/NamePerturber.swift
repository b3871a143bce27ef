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
        case .joined:
            return joined(name)
        case .split:
            return split(name, separator: " ")
        case .hyphenated:
            let words = self.words(name.surname)
            if words.count >= 2, name.surname.contains(" ") {
                return WatchListName(surname: words.joined(separator: "-"), givenNames: name.given)
            }
            return split(name, separator: "-")
        case .missingMiddleName:
            if name.givenNames.count >= 2 {
                // The list lacks the traveller's last middle name.
                return WatchListName(surname: name.surname, givenNames: name.givenNames.dropLast().map(\.latin).joined(separator: " "))
            }
            guard let first = name.givenNames.first else { return nil }
            return WatchListName(surname: name.surname, givenNames: first.latin + " " + middleName(for: name, sex: sex, &random))
        }
    }

    /// The surname's words run together, or else the given names'; nil for one-word names.
    static func joined(_ name: PersonName) -> WatchListName? {
        let surname = words(name.surname)
        if surname.count >= 2 { return WatchListName(surname: surname.joined(), givenNames: name.given) }
        let given = words(name.given ?? "")
        if given.count >= 2 { return WatchListName(surname: name.surname, givenNames: given.joined()) }
        return nil
    }

    /// The first word of the surname (else of the given names) that starts with a particle or
    /// compound prefix, split after it with `separator`; nil when no word does.
    static func split(_ name: PersonName, separator: String) -> WatchListName? {
        if let surname = splitAtPrefix(name.surname, separator: separator) {
            return WatchListName(surname: surname, givenNames: name.given)
        }
        if let given = name.given, let split = splitAtPrefix(given, separator: separator) {
            return WatchListName(surname: name.surname, givenNames: split)
        }
        return nil
    }

    /// Prefixes names are written together with or apart from, longest first: Arabic
    /// `ABD`/`ABU`/`AL`, Gaelic `MAC`/`MC`/`FITZ`, Romance and Dutch particles.
    static let prefixes = ["VANDER", "VANDEN", "ABDEL", "ABDUL", "DELLA", "SANTA", "FITZ", "DELA", "ABD", "ABU", "BEN", "BIN",
                           "DEL", "DOS", "MAC", "SAN", "VAN", "VON", "AL", "DA", "DE", "DI", "DU", "EL", "LA", "LE", "MC"]

    /// `text` with its first word that starts with a prefix (and has three more letters after
    /// it) split after the prefix; nil when none does.
    static func splitAtPrefix(_ text: String, separator: String) -> String? {
        var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        for (index, word) in words.enumerated() where !word.contains("-") {
            let upper = word.uppercased()
            guard let prefix = prefixes.first(where: { upper.hasPrefix($0) && upper.count >= $0.count + 3 }) else { continue }
            let rest = word.dropFirst(prefix.count)
            guard rest.first?.isLetter == true else { continue }
            words[index] = String(word.prefix(prefix.count)) + separator + rest
            return words.joined(separator: " ")
        }
        return nil
    }

    /// The words of a name field, split at spaces and hyphens.
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
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
