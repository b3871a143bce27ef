import Foundation
import Testing
import PaxMessages
import SafeXML
@testable import PaxRisk

/// Identity confidence apart from the risk outcome: a hit asks for its entry's listed action
/// (`NoBoard` only when matched at or above `noBoardMatchScore`), a rule for its own outcome,
/// and the rules' combined weight for `inspect` at most.
@Suite struct OutcomePolicyTests {
    static func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

    static let inspectEntry = WatchListEntry(
        id: "T-INSPECT", category: .customs, action: .inspect,
        names: [WatchListName(surname: "ORELLANA CASTRO", givenNames: "MARIO ALBERTO")],
        birthDate: .exact(date(1982, 5, 17)), nationalities: ["SLV"])
    static let noBoardEntry = WatchListEntry(
        id: "T-NOBOARD", category: .wanted, action: .noBoard,
        names: [WatchListName(surname: "QUINTANILLA FUENTES", givenNames: "ROSA ELENA")],
        birthDate: .exact(date(1975, 9, 23)), nationalities: ["SLV"])

    /// 3,000 seeded entries (realistic token weights) and the two entries the tests aim at.
    static let screener: WatchListScreener = {
        var list = SyntheticPopulation(seed: 7, entries: 3_000, travelers: 0, planted: 0).watchList
        list.entries += [inspectEntry, noBoardEntry]
        return WatchListScreener(watchList: list)
    }()

    static let flight = Flight(carrier: "TA", flightNumber: "570", legs: [
        Leg(sequence: 1, departureAirport: "SAL", scheduledDeparture: Timestamp("2026-03-14T08:35:00-06:00")!,
            arrivalAirport: "IAH", scheduledArrival: Timestamp("2026-03-14T13:10:00-05:00")!),
    ])

    static func traveler(_ surname: String, _ given: String?, born: CalendarDate, nationality: String = "SLV",
                         reference: String = "R1") -> Traveler {
        Traveler(reference: reference, surname: surname, givenNames: given, gender: .unknown, dateOfBirth: born,
                 nationality: CountryCode(nationality), embarkation: "SAL", debarkation: "IAH",
                 documents: [TravelDocument(type: .passport, number: "Q00000001", issuingState: CountryCode(nationality),
                                            expiryDate: date(2031, 1, 1))])
    }

    /// A weak likeness of the `NoBoard` entry's person.
    static let weak = traveler("QUINTANILLA FUENTES", "ROSA ELENA MARIA", born: date(1975, 9, 13))

    func assess(_ traveler: Traveler, rules: RuleSet = .watchListOnly) -> TravelerRisk {
        RiskEngine(screener: Self.screener, rules: rules).assess(traveler, flight: Self.flight)
    }

    @Test func inspectEntryMatchedExactlyGivesInspect() throws {
        let risk = assess(Self.traveler("ORELLANA CASTRO", "MARIO ALBERTO", born: Self.date(1982, 5, 17)))
        let hit = try #require(risk.watchListHits.first { $0.match.entryId == "T-INSPECT" })
        // As sure as it gets that this is the listed person, and still only what the list asks.
        #expect(hit.identityConfidence >= 0.99)
        #expect(hit.requestedOutcome == .inspect)
        #expect(risk.outcome == .inspect)
        #expect(risk.identityConfidence == hit.identityConfidence)
        #expect(risk.score == 0, "no rule fired: identity confidence is not risk")
    }

    @Test func noBoardEntryMatchedExactlyGivesNoBoard() throws {
        let risk = assess(Self.traveler("QUINTANILLA FUENTES", "ROSA ELENA", born: Self.date(1975, 9, 23)))
        let hit = try #require(risk.watchListHits.first { $0.match.entryId == "T-NOBOARD" })
        #expect(hit.identityConfidence >= ScreeningPolicy().noBoardMatchScore)
        #expect(hit.requestedOutcome == .noBoard)
        #expect(risk.outcome == .noBoard)
    }

    @Test func noBoardEntryMatchedWeaklyGivesInspect() throws {
        // A middle name the list lacks and another day of the same month: a hit, but not one
        // to deny boarding on.
        let risk = assess(Self.weak)
        let hit = try #require(risk.watchListHits.first { $0.match.entryId == "T-NOBOARD" })
        let policy = ScreeningPolicy()
        #expect(hit.identityConfidence >= policy.minimumMatchScore && hit.identityConfidence < policy.noBoardMatchScore,
                "a weak hit: \(hit.identityConfidence)")
        #expect(hit.requestedOutcome == .inspect)
        #expect(risk.outcome == .inspect)
        // The same hit under a laxer no-board threshold denies boarding.
        let lax = try RuleSet.parse("watchList: { noBoardMatchScore: \(hit.identityConfidence) }\nrules: []\n", file: "lax.yaml")
        #expect(assess(Self.weak, rules: lax).outcome == .noBoard)
    }

    @Test func ruleWithNoBoardOutcomeGivesNoBoard() throws {
        let rules = try RuleSet.parse("""
        rules:
          - { id: DENY-LISTED-ROUTE, weight: 0.1, outcome: noBoard, when: { traveler.nationality: { in: [GTM] } } }
        """, file: "rules.yaml")
        let risk = assess(Self.traveler("PEREZ", "ANA", born: Self.date(1990, 1, 1), nationality: "GTM"), rules: rules)
        #expect(risk.watchListHits.isEmpty)
        #expect(risk.outcome == .noBoard)
        #expect(risk.reasons.map(\.requestedOutcome) == [.noBoard])
        // It also raises a hit on an Inspect entry.
        let listed = assess(Self.traveler("ORELLANA CASTRO", "MARIO ALBERTO", born: Self.date(1982, 5, 17), nationality: "GTM"), rules: rules)
        #expect(listed.outcome == .noBoard)
    }

    @Test func ruleWeightsRaiseClearedToInspectAtMost() throws {
        let rules = try RuleSet.parse("""
        thresholds: { inspect: 0.5 }
        rules:
          - { id: HEAVY, weight: 0.95, when: { traveler.nationality: { in: [GTM] } } }
          - { id: HEAVIER, weight: 0.99, when: { traveler.verified: false } }
        """, file: "rules.yaml")
        var traveler = Self.traveler("PEREZ", "ANA", born: Self.date(1990, 1, 1), nationality: "GTM")
        traveler.verified = false
        let risk = assess(traveler, rules: rules)
        #expect(risk.score > 0.99)
        #expect(risk.outcome == .inspect)
        #expect(risk.identityConfidence == nil)
    }

    @Test func oldNoBoardThresholdIsRefusedWithTheReason() {
        do {
            _ = try RuleSet.parse("thresholds: { inspect: 0.5, noBoard: 0.9 }\nrules: []\n", file: "old.yaml")
            Issue.record("an old noBoard threshold was accepted silently")
        } catch {
            #expect(error.problems.map(\.line) == [1])
            #expect(error.problems.first?.message.contains("outcome: noBoard") == true)
        }
    }

    @Test func assessmentShowsConfidenceApartFromOutcomeAndStaysValidForOldReaders() throws {
        let rules = try RuleSet.parse("rules:\n  - { id: UNVERIFIED, weight: 0.3, when: { traveler.verified: false } }\n", file: "r.yaml")
        let engine = RiskEngine(screener: Self.screener, rules: rules)
        var weak = Self.weak
        weak.reference = "R2"
        weak.verified = false
        let manifest = TravelerManifest.passengerList(
            header: MessageHeader(messageId: "MSG-POLICY-1", sender: "SV-DGME", receiver: "US-CBP",
                                  createdAt: Timestamp("2026-03-14T07:00:00-06:00")!),
            flight: Self.flight, reportingParty: ReportingParty(name: "Ops"),
            travelers: [Self.traveler("ORELLANA CASTRO", "MARIO ALBERTO", born: Self.date(1982, 5, 17)), weak])
        let risks = engine.assess([manifest], workers: 1)[0]
        let message = engine.riskAssessment(for: manifest, risks: risks, assessedAt: Timestamp("2026-03-14T07:05:00-06:00")!)
        let first = try #require(message.assessments.first)
        #expect(first.outcome == .inspect)
        #expect((first.identityConfidence?.value ?? 0) >= 0.99)
        #expect(first.reasons.first?.listedAction == .inspect && first.reasons.first?.requestedOutcome == .inspect)
        let second = try #require(message.assessments.last)
        #expect(second.reasons.map(\.kind) == [.watchList, .rule])
        #expect(second.reasons.first?.listedAction == .noBoard && second.reasons.first?.requestedOutcome == .inspect)
        #expect(second.reasons.last?.requestedOutcome == nil, "a rule that only adds weight asks for no outcome")

        let bytes = try message.xml()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("<IdentityConfidence>") && text.contains("<ListedAction>NoBoard</ListedAction>")
                && text.contains("<RequestedOutcome>Inspect</RequestedOutcome>"))
        let entry = try #require(SchemaCatalogue.embedded.entry(for: QualifiedName(namespace: SchemaCatalogue.v1Namespace, localName: "RiskAssessment")))
        let report = entry.schema.validate(bytes: bytes)
        #expect(report.isValid, "\(report.diagnostics)")
        #expect(try RiskAssessment.decode(bytes: bytes) == message)

        // A document written before the new elements existed is still valid and decodes.
        let old = try NSRegularExpression(pattern: "\\s*<(IdentityConfidence|ListedAction|RequestedOutcome)>[^<]*</[A-Za-z]+>")
            .stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "")
        #expect(!old.contains("IdentityConfidence") && old.contains("<MatchScore>"))
        #expect(entry.schema.validate(bytes: Array(old.utf8)).isValid)
        let decoded = try RiskAssessment.decode(bytes: Array(old.utf8))
        #expect(decoded.assessments.allSatisfy { $0.identityConfidence == nil })
        #expect(decoded.assessments.map(\.outcome) == message.assessments.map(\.outcome))
    }
}
