import Testing
import PaxMessages
@testable import PaxRisk

/// Each perturbation a real traveller record shows against a listed person still matches;
/// different people stay below the threshold.
@Suite struct MatchingTests {
    static let threshold = 0.5

    /// A realistic background of 3,000 seeded entries (so token weights are those of a real
    /// list), then the entries the tests aim at.
    static let screener: WatchListScreener = {
        var list = SyntheticPopulation(seed: 7, entries: 3_000, travelers: 0, planted: 0).watchList
        list.entries += [
            WatchListEntry(id: "T-RIVERA", category: .wanted, action: .noBoard,
                           names: [WatchListName(surname: "RIVERA ORELLANA", givenNames: "JOSE ERNESTO")],
                           birthDate: .exact(date(1979, 3, 8)), nationalities: ["SLV"],
                           documents: [WatchListDocument(type: .passport, number: "A12345678", issuingState: "SLV")]),
            WatchListEntry(id: "T-SHAMMARI", category: .terrorism, action: .noBoard,
                           names: [WatchListName(surname: "AL-SHAMMARI", givenNames: "ABDELAZIZ FAHAD"),
                                   WatchListName(surname: "الشمري", givenNames: "عبدالعزيز فهد")],
                           birthDate: .year(1975), nationalities: ["SYR"]),
            WatchListEntry(id: "T-KONDRATEV", category: .sanctions, action: .inspect,
                           names: [WatchListName(surname: "Кондратьев", givenNames: "Святослав")],
                           birthDate: .exact(date(1961, 2, 2)), nationalities: ["RUS"]),
            WatchListEntry(id: "T-RANGE", category: .immigration, action: .inspect,
                           names: [WatchListName(surname: "ZELEDON", givenNames: "TEODORICO")],
                           birthDate: .range(date(1962, 1, 1), date(1962, 12, 31)), nationalities: ["SLV"]),
            WatchListEntry(id: "T-ANASTASOPOULOS", category: .customs, action: .inspect,
                           names: [WatchListName(surname: "Αναστασόπουλος", givenNames: "Θεόδωρος")],
                           birthDate: .exact(date(1970, 11, 5)), nationalities: ["GRC"]),
            WatchListEntry(id: "T-CHOY", category: .customs, action: .inspect,
                           names: [WatchListName(surname: "CHOY", givenNames: "ZHENXIN")],
                           birthDate: .exact(date(1975, 4, 6)), nationalities: ["CHN"]),
            WatchListEntry(id: "T-DOC", category: .lostStolenDocument, action: .inspect,
                           names: [WatchListName(surname: "UNKNOWN HOLDER")],
                           documents: [WatchListDocument(type: .passport, number: "Z98765432", issuingState: "HND")]),
        ]
        return WatchListScreener(watchList: list)
    }()

    static func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

    static func traveler(_ surname: String, _ given: String?, born: CalendarDate, nationality: String = "SLV",
                         document: String = "Q00000001") -> Traveler {
        Traveler(reference: "R1", surname: surname, givenNames: given, gender: .male, dateOfBirth: born,
                 nationality: CountryCode(nationality), embarkation: "SAL", debarkation: "IAH",
                 documents: [TravelDocument(type: .passport, number: document, issuingState: CountryCode(nationality),
                                            expiryDate: date(2031, 1, 1))])
    }

    func best(_ traveler: Traveler, _ id: String) -> WatchListMatch? {
        Self.screener.matches(for: traveler, minimumScore: 0.001).first { $0.entryId == id }
    }

    func expectMatch(_ t: Traveler, _ id: String, _ comment: Comment? = nil) {
        let match = best(t, id)
        #expect((match?.score ?? 0) >= Self.threshold, comment)
    }

    func expectNoMatch(_ t: Traveler, _ id: String, _ comment: Comment? = nil) {
        #expect((best(t, id)?.score ?? 0) < Self.threshold, comment)
    }

    @Test func exactRecordMatchesWithEveryField() throws {
        let match = try #require(best(Self.traveler("RIVERA ORELLANA", "JOSE ERNESTO", born: Self.date(1979, 3, 8), document: "A12345678"), "T-RIVERA"))
        #expect(match.score > 0.99)
        #expect(match.matchedFields == ["Surname", "GivenNames", "DateOfBirth", "Nationality", "DocumentNumber"])
        #expect(match.features.birthDate == .exact)
        #expect(match.features.document == .exact)
    }

    @Test func typoMatches() {
        expectMatch(Self.traveler("RIVERA ORELANA", "JOSE ERNESTO", born: Self.date(1979, 3, 8)), "T-RIVERA", "deletion")
        expectMatch(Self.traveler("RIVERA ORELLANA", "JOSE ERENSTO", born: Self.date(1979, 3, 8)), "T-RIVERA", "transposition")
        expectMatch(Self.traveler("RIVEIA ORELLANA", "JOSE ERNESTO", born: Self.date(1979, 3, 8)), "T-RIVERA", "substitution")
        expectMatch(Self.traveler("RIVERA ORELLANNA", "JOSE ERNESTO", born: Self.date(1979, 3, 8)), "T-RIVERA", "insertion")
    }

    @Test func swappedOrderMatches() throws {
        let match = try #require(best(Self.traveler("JOSE ERNESTO", "RIVERA ORELLANA", born: Self.date(1979, 3, 8)), "T-RIVERA"))
        #expect(match.score >= Self.threshold)
        #expect(match.features.swappedNameOrder)
    }

    @Test func missingMiddleNameMatches() throws {
        let match = try #require(best(Self.traveler("RIVERA ORELLANA", "JOSE", born: Self.date(1979, 3, 8)), "T-RIVERA"))
        #expect(match.score >= Self.threshold)
        #expect(match.features.unmatchedTokens == 1)
        expectMatch(Self.traveler("RIVERA", "JOSE ERNESTO", born: Self.date(1979, 3, 8)), "T-RIVERA", "one of two surnames")
    }

    @Test func transliterationVariantsMatch() {
        // Latin variants of an Arabic name (and its Arabic-script alias).
        expectMatch(Self.traveler("SHAMMARI", "ABDULAZIZ FAHD", born: Self.date(1975, 6, 1), nationality: "SYR"), "T-SHAMMARI")
        expectMatch(Self.traveler("AL SHAMARI", "ABDELAZIZ FAHAD", born: Self.date(1975, 6, 1), nationality: "SYR"), "T-SHAMMARI")
        // Cyrillic-only entry: ICAO and older romanisations.
        expectMatch(Self.traveler("KONDRATEV", "SVIATOSLAV", born: Self.date(1961, 2, 2), nationality: "RUS"), "T-KONDRATEV")
        expectMatch(Self.traveler("KONDRATYEV", "SVYATOSLAV", born: Self.date(1961, 2, 2), nationality: "RUS"), "T-KONDRATEV")
        // Cantonese romanisation on the list, Pinyin in the passport (no spelling rule relates them).
        expectMatch(Self.traveler("CAI", "ZHENXIN", born: Self.date(1975, 4, 6), nationality: "CHN"), "T-CHOY")
        expectNoMatch(Self.traveler("LIU", "ZHENXIN", born: Self.date(1975, 4, 6), nationality: "CHN"), "T-CHOY")
        // Greek-only entry.
        expectMatch(Self.traveler("ANASTASOPOULOS", "THEODOROS", born: Self.date(1970, 11, 5), nationality: "GRC"), "T-ANASTASOPOULOS")
    }

    @Test func birthDateTolerances() throws {
        let swapped = try #require(best(Self.traveler("RIVERA ORELLANA", "JOSE ERNESTO", born: Self.date(1979, 8, 3)), "T-RIVERA"))
        #expect(swapped.features.birthDate == .dayMonthSwapped)
        #expect(swapped.score >= Self.threshold)
        let nextYear = try #require(best(Self.traveler("RIVERA ORELLANA", "JOSE ERNESTO", born: Self.date(1980, 3, 8)), "T-RIVERA"))
        #expect(nextYear.features.birthDate == .yearOffByOne)
        #expect(nextYear.score >= Self.threshold)
        let yearOnly = try #require(best(Self.traveler("AL-SHAMMARI", "ABDELAZIZ FAHAD", born: Self.date(1975, 12, 30), nationality: "SYR"), "T-SHAMMARI"))
        #expect(yearOnly.features.birthDate == .sameYear)
        #expect(yearOnly.score >= Self.threshold)
        let inRange = try #require(best(Self.traveler("ZELEDON", "TEODORICO", born: Self.date(1962, 7, 1)), "T-RANGE"))
        #expect(inRange.features.birthDate == .withinRange)
        #expect(inRange.score >= Self.threshold)
    }

    @Test func birthDateAgreementRules() {
        let listed = Self.date(1980, 4, 12)
        func compare(_ y: Int, _ m: Int, _ d: Int, _ entry: WatchListBirthDate?) -> BirthDateAgreement {
            BirthDateAgreement.compare(Self.date(y, m, d), with: entry)
        }
        #expect(compare(1980, 4, 12, .exact(listed)) == .exact)
        #expect(compare(1980, 12, 4, .exact(listed)) == .dayMonthSwapped)
        #expect(compare(1979, 4, 12, .exact(listed)) == .yearOffByOne)
        #expect(compare(1981, 4, 12, .exact(listed)) == .yearOffByOne)
        #expect(compare(1980, 4, 20, .exact(listed)) == .sameYearAndMonth)
        #expect(compare(1982, 4, 12, .exact(listed)) == .mismatch)
        #expect(compare(1980, 1, 1, .year(1980)) == .sameYear)
        #expect(compare(1981, 1, 1, .year(1980)) == .nearYear)
        #expect(compare(1983, 1, 1, .year(1980)) == .mismatch)
        #expect(compare(1980, 6, 1, .range(Self.date(1980, 1, 1), Self.date(1980, 12, 31))) == .withinRange)
        #expect(compare(1981, 6, 1, .range(Self.date(1980, 1, 1), Self.date(1980, 12, 31))) == .nearRange)
        #expect(compare(1985, 6, 1, .range(Self.date(1980, 1, 1), Self.date(1980, 12, 31))) == .mismatch)
        #expect(compare(1985, 6, 1, nil) == .unknown)
    }

    @Test func documentNumberHits() throws {
        // A lost/stolen passport presented by anyone matches on the number alone.
        let exact = try #require(best(Self.traveler("PEREZ", "ANA", born: Self.date(1990, 1, 1), nationality: "HND", document: "Z98765432"), "T-DOC"))
        #expect(exact.features.document == .exact)
        #expect(exact.score >= Self.threshold)
        // One typo away is evidence for a person found by name, not a hit on its own (serial
        // numbers of one issuer are often one character apart).
        #expect((best(Self.traveler("PEREZ", "ANA", born: Self.date(1990, 1, 1), nationality: "HND", document: "Z98756432"), "T-DOC")?.score ?? 0) < Self.threshold)
        let otherDate = Self.traveler("RIVERA ORELLANA", "JOSE ERNESTO", born: Self.date(1979, 8, 3))
        var withDocument = otherDate
        withDocument.documents[0].number = "A12345687"
        let near = try #require(best(withDocument, "T-RIVERA"))
        #expect(near.features.document == .near)
        #expect(near.score > (best(otherDate, "T-RIVERA")?.score ?? 0))
        #expect(near.matchedFields.contains("DocumentNumber"))
        #expect(DocumentAgreement.compare(DocumentAgreement.normalize("AB0123456"), DocumentAgreement.normalize("ABO123456")) == .exact)
        #expect(DocumentAgreement.compare(DocumentAgreement.normalize("AB0123456"), DocumentAgreement.normalize("AB0126543")) == DocumentAgreement.none)
    }

    @Test func differentPeopleStayBelowTheThreshold() {
        // Same name, a different date of birth.
        expectNoMatch(Self.traveler("RIVERA ORELLANA", "JOSE ERNESTO", born: Self.date(1991, 10, 21)), "T-RIVERA")
        // Same date of birth, another name.
        expectNoMatch(Self.traveler("MARTINEZ LOPEZ", "ANA MARIA", born: Self.date(1979, 3, 8)), "T-RIVERA")
        // Shares one surname and the first given name only, other birth date.
        expectNoMatch(Self.traveler("RIVERA GOMEZ", "JOSE LUIS", born: Self.date(1979, 5, 20)), "T-RIVERA")
        // A Syrian Fahad born in 1975 with another surname and first name.
        expectNoMatch(Self.traveler("HADDAD", "KHALED FAHAD", born: Self.date(1975, 6, 1), nationality: "SYR"), "T-SHAMMARI")
        // Similar-looking surname, another given name and birth date.
        expectNoMatch(Self.traveler("KONDRATEVA", "IRINA", born: Self.date(1985, 2, 2), nationality: "RUS"), "T-KONDRATEV")
        // A range entry and someone of the same name born well outside it.
        expectNoMatch(Self.traveler("ZELEDON", "TEODORICO", born: Self.date(1975, 7, 1)), "T-RANGE")
    }

    @Test func degenerateInputIsScreenedWithoutMatches() {
        // A name of punctuation only, and an empty list.
        #expect(Self.screener.matches(for: Self.traveler("--", ".", born: Self.date(1979, 3, 8)), minimumScore: 0.5).isEmpty)
        let empty = WatchListScreener(watchList: WatchList(listId: "EMPTY"))
        #expect(empty.matches(for: Self.traveler("RIVERA", "JOSE", born: Self.date(1979, 3, 8)), minimumScore: 0.01).isEmpty)
    }

    @Test func batchScreeningIsParallelAndKeepsOrder() {
        let population = SyntheticPopulation(seed: 11, entries: 500, travelers: 600, planted: 30)
        let screener = WatchListScreener(watchList: population.watchList)
        let travelers = population.manifests.flatMap(\.travelers)
        let sequential = travelers.map { screener.matches(for: $0, minimumScore: 0.3) }
        #expect(screener.matches(for: travelers, minimumScore: 0.3, workers: 4) == sequential)
        #expect(screener.matches(for: travelers, minimumScore: 0.3, workers: 1) == sequential)
    }

    @Test func blockingScoresOnlyAFewCandidates() {
        let population = SyntheticPopulation(seed: 5, entries: 20_000, travelers: 300, planted: 0)
        let screener = WatchListScreener(watchList: population.watchList)
        var scratch = WatchListScreener.Scratch()
        var candidates = 0
        let travelers = population.manifests.flatMap(\.travelers)
        for traveler in travelers {
            _ = screener.matches(for: TravelerProbe(traveler), minimumScore: 0.5, scratch: &scratch)
            candidates += scratch.names.count + scratch.entries.count
        }
        // Far fewer than the 20,000 entries (and their aliases) per traveller.
        #expect(Double(candidates) / Double(travelers.count) < 200)
    }
}
