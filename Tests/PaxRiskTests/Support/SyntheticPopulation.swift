import Foundation
import PaxMessages
import PaxRisk
import PaxTestSupport

/// A seeded population for tests: a watch list, manifests of travellers drawn from the same
/// name pools, and some travellers planted from watch-list entries with one perturbation each
/// (the ground truth). Same seed, same population.
struct SyntheticPopulation {
    enum Perturbation: String, CaseIterable {
        case exact, typo, swappedOrder, transliteration, dobDayMonthSwap, missingMiddleName, joined, split, hyphenated
    }

    /// Prefixes a name is written together with or apart from (as the generator's planter uses).
    static let prefixes = ["ABDEL", "ABDUL", "ABU", "AL", "DEL", "DE", "MAC", "MC", "VAN", "EL", "BEN", "SAN"]

    /// `text` with its first word that starts with a prefix (three letters or more after it)
    /// split after the prefix with `separator`.
    static func splitAtPrefix(_ text: String, separator: String) -> String? {
        var words = text.split(separator: " ").map(String.init)
        for (index, word) in words.enumerated() where !word.contains("-") {
            guard let prefix = prefixes.first(where: { word.hasPrefix($0) && word.count >= $0.count + 3 }) else { continue }
            words[index] = prefix + separator + word.dropFirst(prefix.count)
            return words.joined(separator: " ")
        }
        return nil
    }

    struct Person {
        var surname: String
        var given: String?
        var culture: NamePools.Culture
        var surnameNames: [NamePools.Name]
        var givenNames: [NamePools.Name]
        var birth: CalendarDate
        var nationality: String
        var document: String
    }

    var watchList: WatchList
    var manifests: [TravelerManifest]
    /// (manifest message id, traveller reference) → (entry id, perturbation).
    var truth: [String: (entryId: String, perturbation: Perturbation)]

    static func key(_ manifestId: String, _ reference: String) -> String { manifestId + "/" + reference }

    init(seed: UInt64, entries: Int, travelers: Int, planted: Int, perManifest: Int = 200) {
        var rng = SplitMix64(state: seed)
        var people: [Person] = []
        var list: [WatchListEntry] = []
        var usedDocuments = Set<String>()
        for index in 0..<entries {
            let person = Self.person(&rng, documents: &usedDocuments)
            people.append(person)
            list.append(Self.entry(person, id: "WL-\(index + 1)", rng: &rng))
        }
        var travelerList: [(Traveler, (String, Perturbation)?)] = []
        for index in 0..<travelers {
            let person = Self.person(&rng, documents: &usedDocuments)
            travelerList.append((Self.traveler(person, reference: "T\(index + 1)"), nil))
        }
        // Plant: replace evenly spread travellers by perturbed listed persons.
        let kinds = Perturbation.allCases
        var plantedCount = 0
        var attempt = 0
        while plantedCount < planted && attempt < planted * 20 {
            attempt += 1
            let entryIndex = Int(rng.next() % UInt64(entries))
            let kind = kinds[plantedCount % kinds.count]
            guard var person = Self.perturb(people[entryIndex], kind, &rng) else { continue }
            if Bool.random(using: &rng) { person.document = Self.document(&rng, &usedDocuments) }
            // As the generator does: the agency that lists a planted subject knows their full
            // date of birth (decoys keep partial dates).
            list[entryIndex].birthDate = .exact(people[entryIndex].birth)
            let slot = plantedCount * travelers / max(planted, 1)
            travelerList[slot] = (Self.traveler(person, reference: "T\(slot + 1)"), (list[entryIndex].id, kind))
            plantedCount += 1
        }

        watchList = WatchList(listId: "SYNTHETIC-\(seed)", entries: list)
        var manifests: [TravelerManifest] = []
        var truth: [String: (String, Perturbation)] = [:]
        var start = 0
        var number = 0
        while start < travelerList.count {
            let slice = travelerList[start..<min(start + perManifest, travelerList.count)]
            number += 1
            let id = "MSG-SYN-\(seed)-\(number)"
            for (traveler, planted) in slice { if let planted { truth[Self.key(id, traveler.reference)] = planted } }
            manifests.append(Self.manifest(id: id, travelers: slice.map(\.0)))
            start += perManifest
        }
        self.manifests = manifests
        self.truth = truth
    }

    // MARK: People

    static func pick<T>(_ items: [T], _ rng: inout SplitMix64) -> T { items[Int(rng.next() % UInt64(items.count))] }

    static func person(_ rng: inout SplitMix64, documents: inout Set<String>) -> Person {
        var roll = Int(rng.next() % 100)
        var culture = NamePools.spanish
        for (candidate, share) in NamePools.mix {
            if roll < share { culture = candidate; break }
            roll -= share
        }
        // Name shapes as the generator makes them: Spanish two given names (75%) and two
        // surnames, Arabic given name plus father's (and grandfather's, 30%), English middle
        // names (60%), one given name elsewhere.
        let roll2 = Int(rng.next() % 100)
        let givenCount = switch culture.nationalities.first {
        case "SLV": roll2 < 75 ? 2 : 1
        case "SYR": roll2 < 30 ? 3 : 2
        case "USA": roll2 < 60 ? 2 : 1
        default: 1
        }
        var given: [NamePools.Name] = []
        while given.count < givenCount {
            let name = pick(culture.given, &rng)
            if !given.contains(where: { $0.latin == name.latin }) { given.append(name) }
        }
        var surnames = [pick(culture.surnames, &rng)]
        if culture.twoSurnames { surnames.append(pick(culture.surnames, &rng)) }
        let birth = CalendarDate(daysSince1970: Int(rng.next() % 25_000) - 11_000) ?? CalendarDate(year: 1980, month: 1, day: 1)!
        return Person(surname: surnames.map(\.latin).joined(separator: " "), given: given.map(\.latin).joined(separator: " "),
                      culture: culture, surnameNames: surnames, givenNames: given, birth: birth,
                      nationality: pick(culture.nationalities, &rng), document: document(&rng, &documents))
    }

    static func document(_ rng: inout SplitMix64, _ used: inout Set<String>) -> String {
        let letters = Array("ABCDEFGHJKLMNPRSTUVWXYZ")
        while true {
            var number = String(letters[Int(rng.next() % UInt64(letters.count))])
            for _ in 0..<8 { number.append(Character(String(rng.next() % 10))) }
            if used.insert(number).inserted { return number }
        }
    }

    static func entry(_ person: Person, id: String, rng: inout SplitMix64) -> WatchListEntry {
        var names = [WatchListName(surname: person.surname, givenNames: person.given)]
        // An alias in the original script, when the names have one.
        if let surname = person.surnameNames.first?.variants.first, surname.unicodeScalars.contains(where: { $0.value > 0x36F }) {
            let given = person.givenNames.map { $0.variants.first ?? $0.latin }.joined(separator: " ")
            names.append(WatchListName(surname: surname, givenNames: given))
        }
        let roll = rng.next() % 100
        let birth: WatchListBirthDate? = roll < 75 ? .exact(person.birth)
            : roll < 87 ? .year(person.birth.year)
            : roll < 97 ? .range(person.birth.adding(days: -400)!, person.birth.adding(days: 300)!)
            : nil
        let nationalities: [CountryCode] = rng.next() % 10 < 8 ? [CountryCode(person.nationality)] : []
        let documents = rng.next() % 2 == 0 ? [WatchListDocument(type: .passport, number: person.document)] : []
        let category = pick(WatchListCategory.allCases, &rng)
        return WatchListEntry(id: id, category: category, action: rng.next() % 3 == 0 ? .noBoard : .inspect, names: names,
                              birthDate: birth, nationalities: nationalities, documents: documents)
    }

    static func perturb(_ person: Person, _ kind: Perturbation, _ rng: inout SplitMix64) -> Person? {
        var p = person
        switch kind {
        case .exact:
            break
        case .typo:
            var tokens = (p.surname + " " + (p.given ?? "")).split(separator: " ").map { Array($0) }
            let candidates = tokens.indices.filter { tokens[$0].count >= 4 }
            guard !candidates.isEmpty else { return nil }
            let t = pick(candidates, &rng)
            var chars = tokens[t]
            let at = 1 + Int(rng.next() % UInt64(chars.count - 1))
            let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            switch rng.next() % 4 {
            case 0: chars[at] = pick(letters.filter { $0 != chars[at] }, &rng)
            case 1: chars.remove(at: at)
            case 2: chars.insert(pick(letters, &rng), at: at)
            default: if at + 1 < chars.count { chars.swapAt(at, at + 1) } else { chars.swapAt(at - 1, at) }
            }
            tokens[t] = chars
            let surnameCount = p.surname.split(separator: " ").count
            p.surname = tokens[..<surnameCount].map { String($0) }.joined(separator: " ")
            p.given = tokens[surnameCount...].map { String($0) }.joined(separator: " ")
        case .swappedOrder:
            guard let given = p.given else { return nil }
            (p.surname, p.given) = (given, p.surname)
        case .transliteration:
            // Another romanisation of one name part (not the document's).
            let isLatin: (String) -> Bool = { $0.unicodeScalars.allSatisfy { $0.value < 0x80 } }
            let surnameVariants = (p.surnameNames.first?.variants ?? []).filter(isLatin)
            let givenVariants = (p.givenNames.first?.variants ?? []).filter(isLatin)
            if let variant = surnameVariants.first {
                p.surname = ([variant] + p.surnameNames.dropFirst().map(\.latin)).joined(separator: " ")
            } else if let variant = givenVariants.first {
                p.given = ([variant] + p.givenNames.dropFirst().map(\.latin)).joined(separator: " ")
            } else {
                return nil
            }
        case .dobDayMonthSwap:
            guard p.birth.day <= 12, p.birth.day != p.birth.month,
                  let swapped = CalendarDate(year: p.birth.year, month: p.birth.day, day: p.birth.month) else { return nil }
            p.birth = swapped
        case .missingMiddleName:
            guard p.givenNames.count >= 2 else { return nil }
            p.given = p.givenNames[0].latin
        case .joined:
            let words = p.surname.split(whereSeparator: { $0 == " " || $0 == "-" })
            guard words.count >= 2 else { return nil }
            p.surname = words.joined()
        case .split:
            guard let split = splitAtPrefix(p.surname, separator: " ") else { return nil }
            p.surname = split
        case .hyphenated:
            if p.surname.contains(" ") {
                p.surname = p.surname.replacingOccurrences(of: " ", with: "-")
            } else {
                guard let split = splitAtPrefix(p.surname, separator: "-") else { return nil }
                p.surname = split
            }
        }
        return p
    }

    // MARK: Messages

    static func traveler(_ person: Person, reference: String) -> Traveler {
        Traveler(reference: reference, surname: person.surname, givenNames: person.given?.isEmpty == false ? person.given : nil,
                 gender: .unknown, dateOfBirth: person.birth, nationality: CountryCode(person.nationality),
                 embarkation: "SAL", debarkation: "IAH", verified: true,
                 documents: [TravelDocument(type: .passport, number: person.document, issuingState: CountryCode(person.nationality),
                                            expiryDate: CalendarDate(year: 2030, month: 1, day: 1)!)])
    }

    static let departure = Timestamp("2026-03-14T08:35:00-06:00")!
    static let arrival = Timestamp("2026-03-14T13:10:00-05:00")!

    static func manifest(id: String, travelers: [Traveler]) -> TravelerManifest {
        TravelerManifest.passengerList(
            header: MessageHeader(messageId: id, sender: "SV-DGME", receiver: "US-CBP", createdAt: departure),
            flight: Flight(carrier: "TA", flightNumber: "570", legs: [
                Leg(sequence: 1, departureAirport: "SAL", scheduledDeparture: departure, arrivalAirport: "IAH", scheduledArrival: arrival),
            ]),
            reportingParty: ReportingParty(name: "TACA Operations"),
            travelers: travelers)
    }
}
