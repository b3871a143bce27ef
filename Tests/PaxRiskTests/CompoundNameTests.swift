import Testing
import PaxMessages
@testable import PaxRisk

/// Names written together, apart or hyphenated differently match, through normalisation,
/// blocking and token comparison; near-misses of different people still do not.
@Suite struct CompoundNameTests {
    static let threshold = 0.5

    static func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

    /// Listed as (id, surname, given, birth, nationality). Half the entries know only the birth
    /// year, so only the name keys can find them (an exact date is also filed per token).
    static let listed: [(String, String, String, WatchListBirthDate, CountryCode)] = [
        ("C-ABDELRAHMAN", "ABDELRAHMAN", "OMAR FAROUK", .year(1971), "EGY"),
        ("C-DELACRUZ", "DE LA CRUZ", "MARIA ISABEL", .exact(date(1984, 10, 2)), "SLV"),
        ("C-MACDONALD", "MAC DONALD", "JOHN ROBERT", .year(1966), "GBR"),
        ("C-ALHASSAN", "ALHASSAN", "KHALID", .exact(date(1979, 1, 15)), "SYR"),
        ("C-VANDERBERG", "VAN DER BERG", "PIETER", .exact(date(1958, 12, 1)), "NLD"),
        ("C-GARCIALOPEZ", "GARCIALOPEZ", "ANA LUCIA", .year(1990), "HND"),
    ]

    static let screener: WatchListScreener = {
        var list = SyntheticPopulation(seed: 7, entries: 3_000, travelers: 0, planted: 0).watchList
        list.entries += listed.map { id, surname, given, birth, nationality in
            WatchListEntry(id: id, category: .wanted, action: .inspect, names: [WatchListName(surname: surname, givenNames: given)],
                           birthDate: birth, nationalities: [nationality])
        }
        return WatchListScreener(watchList: list)
    }()

    static func traveler(_ surname: String, _ given: String, born: CalendarDate, nationality: CountryCode) -> Traveler {
        Traveler(reference: "R1", surname: surname, givenNames: given, gender: .unknown, dateOfBirth: born,
                 nationality: nationality, embarkation: "SAL", debarkation: "IAH",
                 documents: [TravelDocument(type: .passport, number: "Q00000001", issuingState: nationality,
                                            expiryDate: date(2031, 1, 1))])
    }

    func score(_ surname: String, _ given: String, born: CalendarDate, _ nationality: CountryCode, _ id: String) -> Double {
        Self.screener.matches(for: Self.traveler(surname, given, born: born, nationality: nationality), minimumScore: 0.001)
            .first { $0.entryId == id }?.score ?? 0
    }

    @Test func writtenTogetherIsTheSameHoweverThePartsAreSeparated() {
        let groups = [
            ["Abdel Rahman", "Abdelrahman", "ABDEL-RAHMAN"],
            ["De la Cruz", "Delacruz", "DE-LA-CRUZ", "Dela Cruz"],
            ["Mac Donald", "MacDonald", "MAC-DONALD"],
            ["Al-Hassan", "Alhassan", "AL HASSAN"],
            ["Van der Berg", "Vanderberg", "VAN-DER-BERG", "Vander Berg"],
        ]
        for group in groups {
            let forms = Set(group.map { NameNormalizer.normalize(surname: $0, givenNames: nil).surnameWrittenTogether })
            #expect(forms.count == 1, "\(group): \(forms)")
        }
        // Particles still leave the tokens, as before.
        #expect(NameNormalizer.normalize(surname: "De la Cruz", givenNames: "María").surnameTokens == ["cruz"])
        #expect(NameNormalizer.normalize(surname: "De la Cruz", givenNames: nil).surnameWrittenTogether == "delacruz")
    }

    @Test func joinedSplitAndHyphenatedPairsMatch() {
        let pairs: [(String, String, CalendarDate, CountryCode, String)] = [
            ("ABDEL RAHMAN", "OMAR FAROUK", Self.date(1971, 3, 9), "EGY", "C-ABDELRAHMAN"),
            ("ABDEL-RAHMAN", "OMAR FAROUK", Self.date(1971, 3, 9), "EGY", "C-ABDELRAHMAN"),
            ("DELACRUZ", "MARIA ISABEL", Self.date(1984, 10, 2), "SLV", "C-DELACRUZ"),
            ("DE-LA-CRUZ", "MARIA ISABEL", Self.date(1984, 10, 2), "SLV", "C-DELACRUZ"),
            ("MACDONALD", "JOHN ROBERT", Self.date(1966, 7, 30), "GBR", "C-MACDONALD"),
            ("AL-HASSAN", "KHALID", Self.date(1979, 1, 15), "SYR", "C-ALHASSAN"),
            ("AL HASSAN", "KHALID", Self.date(1979, 1, 15), "SYR", "C-ALHASSAN"),
            ("VANDERBERG", "PIETER", Self.date(1958, 12, 1), "NLD", "C-VANDERBERG"),
            ("GARCIA LOPEZ", "ANA LUCIA", Self.date(1990, 5, 5), "HND", "C-GARCIALOPEZ"),
            ("GARCIA-LOPEZ", "ANA LUCIA", Self.date(1990, 5, 5), "HND", "C-GARCIALOPEZ"),
        ]
        for (surname, given, born, nationality, id) in pairs {
            let s = score(surname, given, born: born, nationality, id)
            #expect(s >= Self.threshold, "\(surname), \(given) against \(id): \(s)")
        }
    }

    @Test func nearMissesOfDifferentPeopleDoNotMatch() {
        // Other people whose surnames share a particle or prefix, with the same given names
        // and birth date or year.
        let others: [(String, String, CalendarDate, CountryCode, String)] = [
            ("ABDEL KARIM", "OMAR FAROUK", Self.date(1971, 3, 9), "EGY", "C-ABDELRAHMAN"),
            ("ABDELAZIZ", "OMAR FAROUK", Self.date(1971, 3, 9), "EGY", "C-ABDELRAHMAN"),
            ("DE LA ROSA", "MARIA ISABEL", Self.date(1984, 10, 2), "SLV", "C-DELACRUZ"),
            ("DELGADO", "MARIA ISABEL", Self.date(1984, 10, 2), "SLV", "C-DELACRUZ"),
            ("MAC DOUGALL", "JOHN ROBERT", Self.date(1966, 7, 30), "GBR", "C-MACDONALD"),
            ("AL-HARBI", "KHALID", Self.date(1979, 1, 15), "SYR", "C-ALHASSAN"),
            ("VAN DEN BOSCH", "PIETER", Self.date(1958, 12, 1), "NLD", "C-VANDERBERG"),
            ("GARCIA PEREZ", "ANA LUCIA", Self.date(1990, 5, 5), "HND", "C-GARCIALOPEZ"),
        ]
        for (surname, given, born, nationality, id) in others {
            let s = score(surname, given, born: born, nationality, id)
            #expect(s < Self.threshold, "\(surname), \(given) against \(id): \(s)")
        }
    }

    @Test func yearOnlyEntriesAreFoundByTheSurnameWrittenTogether() {
        // These entries know only the year: without the written-together key the traveller's
        // split surname shares no blocking key with the listed single word.
        var scratch = WatchListScreener.Scratch()
        let probe = TravelerProbe(Self.traveler("ABDEL RAHMAN", "OMAR FAROUK", born: Self.date(1971, 3, 9), nationality: "EGY"))
        let matches = Self.screener.matches(for: probe, minimumScore: Self.threshold, scratch: &scratch)
        #expect(matches.first?.entryId == "C-ABDELRAHMAN")
        let joined = TravelerProbe(Self.traveler("MACDONALD", "JOHN ROBERT", born: Self.date(1966, 7, 30), nationality: "GBR"))
        #expect(Self.screener.matches(for: joined, minimumScore: Self.threshold, scratch: &scratch).first?.entryId == "C-MACDONALD")
    }
}
