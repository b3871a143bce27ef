import Testing
import PaxMessages
import SafeXML
@testable import PaxRisk

/// Rules fire exactly when their condition holds, and bad rule files are refused with the
/// line and the reason.
@Suite struct RuleTests {
    static func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

    static let flight = Flight(carrier: "TA", flightNumber: "570", legs: [
        Leg(sequence: 1, departureAirport: "BOG", scheduledDeparture: Timestamp("2026-03-14T08:35:00-05:00")!,
            arrivalAirport: "SAL", scheduledArrival: Timestamp("2026-03-14T11:10:00-06:00")!),
        Leg(sequence: 2, departureAirport: "SAL", scheduledDeparture: Timestamp("2026-03-14T12:35:00-06:00")!,
            arrivalAirport: "IAH", scheduledArrival: Timestamp("2026-03-14T17:10:00-05:00")!),
    ])

    static func traveler(kind: TravelerKind = .passenger, born: CalendarDate = date(1980, 6, 1), nationality: String = "COL",
                         verified: Bool = true, expiry: CalendarDate = date(2030, 1, 1), debarkation: String = "IAH",
                         placeOfBirth: String? = nil) -> Traveler {
        Traveler(reference: "R1", kind: kind, surname: "PEREZ", givenNames: "ANA", gender: .female, dateOfBirth: born,
                 nationality: CountryCode(nationality), placeOfBirth: placeOfBirth, embarkation: "BOG", debarkation: debarkation,
                 verified: verified,
                 documents: [TravelDocument(type: .passport, number: "P1234567", issuingState: "COL", expiryDate: expiry)])
    }

    func fires(_ yaml: String, _ traveler: Traveler) throws -> Bool {
        let rules = try RuleSet.parse("rules:\n  - id: R\n    weight: 0.5\n    when: \(yaml)\n", file: "test.yaml")
        return try #require(rules.rules.first).fires(for: RuleFacts(traveler: traveler, flight: Self.flight))
    }

    @Test func documentExpiryBeforeArrival() throws {
        // Arrival in IAH is 2026-03-14 local; a document expiring the day before fails, that day passes.
        #expect(try fires("{ document.expiresBeforeArrival: true }", Self.traveler(expiry: Self.date(2026, 3, 13))))
        #expect(try !fires("{ document.expiresBeforeArrival: true }", Self.traveler(expiry: Self.date(2026, 3, 14))))
        #expect(try fires("{ document.daysValidAfterArrival: { lessThan: 180 } }", Self.traveler(expiry: Self.date(2026, 9, 9))))
        #expect(try !fires("{ document.daysValidAfterArrival: { lessThan: 180 } }", Self.traveler(expiry: Self.date(2026, 9, 10))))
    }

    @Test func unverifiedDocument() throws {
        #expect(try fires("{ traveler.verified: false }", Self.traveler(verified: false)))
        #expect(try !fires("{ traveler.verified: false }", Self.traveler(verified: true)))
    }

    @Test func routeAndNationalityLists() throws {
        let rule = "{ all: [ { flight.route: { includesAny: [BOG, CCS] } }, { traveler.nationality: { notIn: [USA, CAN] } } ] }"
        #expect(try fires(rule, Self.traveler(nationality: "COL")))
        #expect(try !fires(rule, Self.traveler(nationality: "USA")))
        #expect(try !fires("{ flight.route: { includesAny: [CCS, MIA] } }", Self.traveler()))
        #expect(try fires("{ flight.route: { includesNone: [CCS, MIA] } }", Self.traveler()))
        #expect(try fires("{ traveler.nationality: { in: [COL, VEN] } }", Self.traveler()))
        #expect(try fires("{ flight.origin: BOG }", Self.traveler()))
        #expect(try !fires("{ flight.destination: SAL }", Self.traveler()))
    }

    @Test func ageBounds() throws {
        // Departure 2026-03-14: born 2008-03-14 is 18 that day, born 2008-03-15 is 17.
        #expect(try fires("{ traveler.age: { lessThan: 18 } }", Self.traveler(born: Self.date(2008, 3, 15))))
        #expect(try !fires("{ traveler.age: { lessThan: 18 } }", Self.traveler(born: Self.date(2008, 3, 14))))
        #expect(try fires("{ traveler.age: { between: [18, 25] } }", Self.traveler(born: Self.date(2001, 3, 14))))
        #expect(try !fires("{ traveler.age: { between: [18, 25] } }", Self.traveler(born: Self.date(2000, 3, 13))))
    }

    @Test func crewAndMissingData() throws {
        #expect(try fires("{ traveler.isCrew: true }", Self.traveler(kind: .transitCrew)))
        #expect(try !fires("{ traveler.isCrew: true }", Self.traveler(kind: .transitPassenger)))
        #expect(try fires("{ traveler.kind: { in: [Crew, TransitCrew] } }", Self.traveler(kind: .crew)))
        #expect(try fires("{ traveler.placeOfBirth: { present: false } }", Self.traveler(placeOfBirth: nil)))
        #expect(try !fires("{ traveler.placeOfBirth: { present: false } }", Self.traveler(placeOfBirth: "CALI")))
        // A missing value fails comparisons rather than matching them.
        #expect(try !fires("{ traveler.placeOfBirth: CALI }", Self.traveler(placeOfBirth: nil)))
    }

    @Test func notAnyAndImplicitAll() throws {
        #expect(try fires("{ not: { traveler.verified: true } }", Self.traveler(verified: false)))
        #expect(try fires("{ any: [ { traveler.verified: true }, { traveler.age: { lessThan: 0 } } ] }", Self.traveler()))
        let both = "{ traveler.verified: false, traveler.nationality: COL }"
        #expect(try fires(both, Self.traveler(verified: false)))
        #expect(try !fires(both, Self.traveler(verified: true)))
    }

    @Test func yamlAndJSONGiveTheSameRules() throws {
        let yaml = """
        thresholds: { inspect: 0.4 }
        watchList:
          minimumMatchScore: 0.6
        rules:
          - id: UNVERIFIED
            description: Document data not verified by the carrier
            weight: 0.3
            when: { traveler.verified: false }
          - id: MINOR
            weight: 0.2
            outcome: inspect
            when:
              traveler.age: { lessThan: 18 }
        """
        let json = """
        {"thresholds": {"inspect": 0.4}, "watchList": {"minimumMatchScore": 0.6},
         "rules": [
           {"id": "UNVERIFIED", "description": "Document data not verified by the carrier", "weight": 0.3,
            "when": {"traveler.verified": false}},
           {"id": "MINOR", "weight": 0.2, "outcome": "inspect", "when": {"traveler.age": {"lessThan": 18}}}
         ]}
        """
        let a = try RuleSet.parse(yaml, file: "rules.yaml")
        let b = try RuleSet.parse(json, file: "rules.json")
        #expect(a.policy == b.policy)
        #expect(a.policy == ScreeningPolicy(inspectScore: 0.4, minimumMatchScore: 0.6))
        #expect(a.rules.map(\.id) == ["UNVERIFIED", "MINOR"])
        #expect(a.rules.map(\.id) == b.rules.map(\.id))
        #expect(a.rules.map(\.weight) == b.rules.map(\.weight))
        #expect(a.rules[1].outcome == .inspect)
        #expect(a.rules[1].line == 9)
    }

    func refusal(_ text: String) -> [SourceProblem] {
        do {
            _ = try RuleSet.parse(text, file: "bad.yaml")
            return []
        } catch {
            return error.problems
        }
    }

    @Test func badRulesAreRefusedWithLineAndReason() {
        let unknownField = refusal("rules:\n  - id: A\n    weight: 0.5\n    when: { traveler.nationalty: COL }\n")
        #expect(unknownField.count == 1)
        #expect(unknownField.first?.line == 4)
        #expect(unknownField.first?.message.contains("unknown field 'traveler.nationalty' (did you mean traveler.nationality?)") == true)
        #expect(unknownField.first?.description.hasPrefix("bad.yaml:4: ") == true)

        let badWeight = refusal("rules:\n  - id: A\n    weight: 1.5\n    when: { traveler.verified: false }\n")
        #expect(badWeight.map(\.line) == [3])
        #expect(badWeight.first?.message.contains("weight must be a number from 0 to 1") == true)

        let badCode = refusal("rules:\n  - id: A\n    weight: 0.5\n    when:\n      traveler.kind: { in: [Passenger, Pilot] }\n")
        #expect(badCode.map(\.line) == [5])
        #expect(badCode.first?.message.contains("'Pilot' is not a valid value for traveler.kind") == true)

        let wrongOperator = refusal("rules:\n  - id: A\n    weight: 0.5\n    when: { traveler.nationality: { lessThan: 3 } }\n")
        #expect(wrongOperator.first?.message.contains("lessThan applies to numbers") == true)

        let duplicate = refusal("rules:\n  - id: A\n    weight: 0.5\n    when: { traveler.verified: false }\n  - id: A\n    weight: 0.1\n    when: { traveler.verified: true }\n")
        #expect(duplicate.map(\.line) == [5])
        #expect(duplicate.first?.message.contains("already used by the rule on line 2") == true)

        let missing = refusal("rules:\n  - id: A\n    when: { traveler.verified: false }\n")
        #expect(missing.first?.message.contains("rule 'A' has no weight") == true)
        #expect(missing.first?.line == 2)

        let syntax = refusal("rules:\n  - id: A\n    weight: [0.5\n    when: x\n")
        #expect(syntax.count == 1)
        #expect((syntax.first?.line ?? 0) >= 3)
        #expect(syntax.first?.message.contains("not valid YAML or JSON") == true)

        let several = refusal("rules:\n  - id: A\n    weight: 2\n    when: { traveler.age: { lessThan: old } }\n")
        #expect(several.map(\.line) == [3, 4])
    }

    @Test func hostileNestingIsRefusedNotRecursedInto() {
        let deep = String(repeating: "{ not: ", count: 200) + "{ traveler.verified: true }" + String(repeating: " }", count: 200)
        let problems = refusal("rules:\n  - id: A\n    weight: 0.5\n    when: \(deep)\n")
        #expect(problems.first?.message.contains("nest more than") == true)
    }

    @Test func outcomesFollowThresholdsRuleOutcomesAndHits() throws {
        let rules = try RuleSet.parse("""
        thresholds: { inspect: 0.5 }
        rules:
          - { id: UNVERIFIED, weight: 0.3, when: { traveler.verified: false } }
          - { id: EXPIRED, weight: 0.6, when: { document.expiresBeforeArrival: true } }
          - { id: MINOR, weight: 0.05, outcome: inspect, when: { traveler.age: { lessThan: 18 } } }
        """, file: "rules.yaml")
        let engine = RiskEngine(screener: nil, rules: rules)
        let clean = engine.assess(Self.traveler(), flight: Self.flight)
        #expect(clean.outcome == .cleared && clean.score == 0 && clean.ruleHits.isEmpty)
        let unverified = engine.assess(Self.traveler(verified: false), flight: Self.flight)
        #expect(unverified.outcome == .cleared)
        #expect(abs(unverified.score - 0.3) < 1e-9)
        let both = engine.assess(Self.traveler(verified: false, expiry: Self.date(2026, 1, 1)), flight: Self.flight)
        #expect(abs(both.score - 0.72) < 1e-9)   // 1 - 0.7 * 0.4
        #expect(both.outcome == .inspect)
        #expect(both.ruleHits.map(\.ruleId) == ["UNVERIFIED", "EXPIRED"])
        #expect(both.reasons.first?.matchedFields == ["Verified"])
        let minor = engine.assess(Self.traveler(born: Self.date(2015, 1, 1)), flight: Self.flight)
        #expect(minor.outcome == .inspect)
        #expect(minor.score < 0.5)
    }

    @Test func riskAssessmentMessageIsSchemaValid() throws {
        let list = WatchList(listId: "L", entries: [
            WatchListEntry(id: "WL-1", category: .wanted, action: .noBoard,
                           names: [WatchListName(surname: "PEREZ", givenNames: "ANA")], birthDate: .exact(Self.date(1980, 6, 1)),
                           nationalities: ["COL"]),
        ])
        let rules = try RuleSet.parse("rules:\n  - { id: UNVERIFIED, weight: 0.3, when: { traveler.verified: false } }\n", file: "r.yaml")
        let engine = RiskEngine(screener: WatchListScreener(watchList: list), rules: rules)
        let manifest = TravelerManifest.passengerList(
            header: MessageHeader(messageId: "MSG-TEST-0001", sender: "CO-MIGRACION", receiver: "US-CBP",
                                  createdAt: Timestamp("2026-03-14T07:00:00-05:00")!),
            flight: Self.flight, reportingParty: ReportingParty(name: "Ops"),
            travelers: [Self.traveler(verified: false), Traveler(reference: "R2", surname: "GOMEZ", gender: .male,
                        dateOfBirth: Self.date(1990, 1, 1), nationality: "COL", embarkation: "BOG", debarkation: "IAH",
                        documents: [TravelDocument(type: .passport, number: "P7654321", issuingState: "COL", expiryDate: Self.date(2030, 1, 1))])])
        let risks = engine.assess([manifest], workers: 2)[0]
        #expect(risks.map(\.outcome) == [.noBoard, .cleared])
        #expect(risks[0].reasons.map(\.sourceId) == ["WL-1", "UNVERIFIED"])
        let message = engine.riskAssessment(for: manifest, risks: risks, assessedAt: Timestamp("2026-03-14T07:05:00-05:00")!)
        #expect(message.header.receiver == "CO-MIGRACION" && message.header.correlationId == "MSG-TEST-0001")
        // The assessment's id is in the assessor's namespace, as the live exchange requires.
        #expect(message.header.messageId == "US-CBP:RA:MSG-TEST-0001")
        let bytes = try message.xml()
        let entry = try #require(SchemaCatalogue.embedded.entry(for: QualifiedName(namespace: SchemaCatalogue.v1Namespace, localName: "RiskAssessment")))
        let report = entry.schema.validate(bytes: bytes)
        #expect(report.isValid, "\(report.diagnostics)")
        #expect(try RiskAssessment.decode(bytes: bytes) == message)
    }
}
