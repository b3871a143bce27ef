import Foundation
import PaxMessages
import SafeXML
import Testing

// MARK: - Fixture

private struct FixtureError: Error, CustomStringConvertible {
    var description: String
}

private func day(_ text: String) throws -> CalendarDate {
    guard let date = CalendarDate(text) else { throw FixtureError(description: "bad date \(text)") }
    return date
}

private func instant(_ text: String) throws -> Timestamp {
    guard let timestamp = Timestamp(text) else { throw FixtureError(description: "bad timestamp \(text)") }
    return timestamp
}

/// A valid two-leg passenger manifest (SAL-IAH-ORD) that passes every rule:
/// traveller 1 flies SAL-IAH on a swiped passport (TD3 MRZ), traveller 2 flies SAL-ORD in
/// transit on a passport that was not swiped (no MRZ), so date mutations on traveller 2
/// touch no MRZ rule.
private enum RuleFixture {
    static let first = 0, second = 1

    static func mrz(code: String = "P", state: String, surname: String, givenNames: String, number: String,
                    nationality: String, birth: String, sex: MRZSex, expiry: String) throws -> [String] {
        try MRZBuilder.build(MRZDocumentFields(documentCode: code, issuingState: state, primaryIdentifier: surname,
                                               secondaryIdentifier: givenNames, documentNumber: number,
                                               nationality: nationality, dateOfBirth: birth, sex: sex,
                                               dateOfExpiry: expiry), format: .td3)
    }

    static func manifest() throws -> TravelerManifest {
        let carlos = Traveler(
            reference: "TA570-0314-001", kind: .passenger, surname: "HERNÁNDEZ LÓPEZ", givenNames: "CARLOS ERNESTO",
            gender: .male, dateOfBirth: try day("1984-07-22"), nationality: "SLV", countryOfResidence: "SLV",
            embarkation: "SAL", debarkation: "IAH", verified: true, seat: "23A",
            bags: Baggage(tags: ["0202417731", "0202417732"]), recordLocator: "K7QXM2",
            documents: [TravelDocument(
                type: .passport, number: "B03418876", issuingState: "SLV", expiryDate: try day("2030-08-14"),
                mrzLines: try mrz(state: "SLV", surname: "HERNÁNDEZ LÓPEZ", givenNames: "CARLOS ERNESTO",
                                  number: "B03418876", nationality: "SLV", birth: "840722", sex: .male, expiry: "300814"))])
        let michael = Traveler(
            reference: "TA570-0314-002", kind: .transitPassenger, surname: "O'CONNOR", givenNames: "MICHAEL JAMES",
            gender: .male, dateOfBirth: try day("1979-02-09"), nationality: "USA",
            embarkation: "SAL", debarkation: "ORD", verified: false, seat: "7C", bags: Baggage(count: 1),
            documents: [TravelDocument(type: .passport, number: "A04817263", issuingState: "USA",
                                       expiryDate: try day("2033-09-18"))])
        let flight = Flight(carrier: "TA", flightNumber: "570", legs: [
            Leg(sequence: 1, departureAirport: "SAL", scheduledDeparture: try instant("2026-03-14T08:35:00-06:00"),
                arrivalAirport: "IAH", scheduledArrival: try instant("2026-03-14T12:55:00-05:00")),
            Leg(sequence: 2, departureAirport: "IAH", scheduledDeparture: try instant("2026-03-14T14:20:00-05:00"),
                arrivalAirport: "ORD", scheduledArrival: try instant("2026-03-14T16:55:00-05:00")),
        ])
        let header = MessageHeader(messageId: "SV-DGME:MAN:TA570:20260314:P01", sender: "SV-DGME", receiver: "US-CBP",
                                   createdAt: try instant("2026-03-14T06:50:05-06:00"))
        return TravelerManifest.passengerList(header: header, flight: flight,
                                              reportingParty: ReportingParty(name: "Centro de Control SAL"),
                                              travelers: [carlos, michael])
    }
}

/// One change to the fixture and the rules it must (or must not) make fire.
struct RuleCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// Exactly the rule ids expected to fire; empty for a boundary case that must pass.
    let fires: Set<String>
    /// Path of the first diagnostic, when checked.
    var path: String?
    var context = RuleContext()
    let mutate: @Sendable (inout TravelerManifest) throws -> Void

    var testDescription: String { name }

    init(_ name: String, fires: Set<String>, path: String? = nil, context: RuleContext = RuleContext(),
         _ mutate: @escaping @Sendable (inout TravelerManifest) throws -> Void) {
        self.name = name
        self.fires = fires
        self.path = path
        self.context = context
        self.mutate = mutate
    }
}

private let t1 = "/TravelerManifest/Travelers/Traveler[1]"
private let t2 = "/TravelerManifest/Travelers/Traveler[2]"

extension RuleCase {
    /// Changes to traveller 1's MRZ line `line` (0-based) at character offset `offset`.
    static func replacingMRZ(line: Int, offset: Int, with character: Character) -> @Sendable (inout TravelerManifest) throws -> Void {
        { manifest in
            var characters = Array(manifest.travelers[0].documents[0].mrzLines[line])
            characters[offset] = character
            manifest.travelers[0].documents[0].mrzLines[line] = String(characters)
        }
    }

    static let firing: [RuleCase] = [
        // PAX-MRZ-FORMAT
        RuleCase("MRZ line one character short", fires: ["PAX-MRZ-FORMAT"], path: t1 + "/Documents/Document/MRZ/Line[2]") {
            $0.travelers[0].documents[0].mrzLines[1].removeLast()
        },
        RuleCase("MRZ with one line", fires: ["PAX-MRZ-FORMAT"], path: t1 + "/Documents/Document/MRZ") {
            $0.travelers[0].documents[0].mrzLines.removeLast()
        },
        RuleCase("MRZ sex code E", fires: ["PAX-MRZ-FORMAT"], path: t1 + "/Documents/Document/MRZ/Line[2]",
                 replacingMRZ(line: 1, offset: 20, with: "E")),
        RuleCase("MRZ lowercase letter in the name", fires: ["PAX-MRZ-FORMAT"], path: t1 + "/Documents/Document/MRZ/Line[1]",
                 replacingMRZ(line: 0, offset: 6, with: "e")),
        RuleCase("MRZ impossible expiry month", fires: ["PAX-MRZ-FORMAT", "PAX-MRZ-CHECK"],
                 path: t1 + "/Documents/Document/MRZ/Line[2]", replacingMRZ(line: 1, offset: 23, with: "9")),
        // PAX-MRZ-CHECK
        RuleCase("MRZ composite check digit", fires: ["PAX-MRZ-CHECK"], path: t1 + "/Documents/Document/MRZ/Line[2]") { manifest in
            let line = manifest.travelers[0].documents[0].mrzLines[1]
            let wrong: Character = line.last == "1" ? "2" : "1"
            try RuleCase.replacingMRZ(line: 1, offset: 43, with: wrong)(&manifest)
        },
        RuleCase("MRZ document number check digit", fires: ["PAX-MRZ-CHECK"], path: t1 + "/Documents/Document/MRZ/Line[2]") { manifest in
            let line = Array(manifest.travelers[0].documents[0].mrzLines[1])
            try RuleCase.replacingMRZ(line: 1, offset: 9, with: line[9] == "1" ? "2" : "1")(&manifest)
        },
        // PAX-MRZ-FIELDS
        RuleCase("Number differs from the MRZ", fires: ["PAX-MRZ-FIELDS"], path: t1 + "/Documents/Document/Number") {
            $0.travelers[0].documents[0].number = "B03418867"
        },
        RuleCase("Type differs from the MRZ document code", fires: ["PAX-MRZ-FIELDS"], path: t1 + "/Documents/Document/Type") {
            $0.travelers[0].documents[0].type = .identityCard
        },
        RuleCase("IssuingState differs from the MRZ", fires: ["PAX-MRZ-FIELDS"], path: t1 + "/Documents/Document/IssuingState") {
            $0.travelers[0].documents[0].issuingState = "GTM"
        },
        RuleCase("ExpiryDate differs from the MRZ", fires: ["PAX-MRZ-FIELDS"], path: t1 + "/Documents/Document/ExpiryDate") {
            $0.travelers[0].documents[0].expiryDate = try day("2031-08-14")
        },
        RuleCase("Nationality differs from the MRZ", fires: ["PAX-MRZ-FIELDS"], path: t1 + "/Nationality") {
            $0.travelers[0].nationality = "GTM"
        },
        RuleCase("DateOfBirth differs from the MRZ", fires: ["PAX-MRZ-FIELDS"], path: t1 + "/DateOfBirth") {
            $0.travelers[0].dateOfBirth = try day("1984-07-23")
        },
        RuleCase("Gender differs from the MRZ sex", fires: ["PAX-MRZ-FIELDS"], path: t1 + "/Gender") {
            $0.travelers[0].gender = .female
        },
        RuleCase("Surname differs from the MRZ", fires: ["PAX-MRZ-FIELDS"], path: t1 + "/Surname") {
            $0.travelers[0].surname = "HERNÁNDEZ LOPES"
        },
        RuleCase("GivenNames differ from the MRZ", fires: ["PAX-MRZ-FIELDS"], path: t1 + "/GivenNames") {
            $0.travelers[0].givenNames = "CARLOS ERNESTO JOSÉ"
        },
        RuleCase("GivenNames missing but in the MRZ", fires: ["PAX-MRZ-FIELDS"], path: t1 + "/Surname") {
            $0.travelers[0].givenNames = nil
        },
        RuleCase("truncated MRZ name that is not a prefix", fires: ["PAX-MRZ-FIELDS"], path: t1 + "/GivenNames") { manifest in
            manifest.travelers[0].givenNames = "CARLOS ERNESTO MARÍA DE LOS ÁNGELES BARRIENTOS"
            manifest.travelers[0].documents[0].mrzLines = try RuleFixture.mrz(
                state: "SLV", surname: "HERNÁNDEZ LÓPEZ", givenNames: "CARLOS ERNESTO MARIO DE LOS ÁNGELES BARRIENTOS",
                number: "B03418876", nationality: "SLV", birth: "840722", sex: .male, expiry: "300814")
        },
        // PAX-BIRTH-DATE
        RuleCase("born in the future", fires: ["PAX-BIRTH-DATE"], path: t2 + "/DateOfBirth") {
            $0.travelers[1].dateOfBirth = try day("2026-03-15")
        },
        RuleCase("born on or after the document's expiry", fires: ["PAX-BIRTH-DATE"], path: t2 + "/DateOfBirth",
                 context: RuleContext(today: CalendarDate(year: 2040, month: 1, day: 1))) {
            $0.travelers[1].dateOfBirth = try day("2033-09-18")
        },
        // PAX-DOC-EXPIRED, PAX-DOC-EXPIRING
        RuleCase("document expired the day before departure", fires: ["PAX-DOC-EXPIRED"], path: t2 + "/Documents/Document/ExpiryDate") {
            $0.travelers[1].documents[0].expiryDate = try day("2026-03-13")
        },
        RuleCase("document expiring within the stay", fires: ["PAX-DOC-EXPIRING"], path: t2 + "/Documents/Document/ExpiryDate") {
            $0.travelers[1].documents[0].expiryDate = try day("2026-09-09")
        },
        RuleCase("document expiring within a 400-day stay", fires: ["PAX-DOC-EXPIRING"],
                 context: RuleContext(stayDays: 400)) {
            $0.travelers[1].documents[0].expiryDate = try day("2027-04-01")
        },
        // PAX-LEG-TIMES, PAX-LEG-SEQUENCE, PAX-LEG-CHAIN
        RuleCase("leg arrives before it departs (offset sign)", fires: ["PAX-LEG-TIMES"],
                 path: "/TravelerManifest/Flight/Legs/Leg[1]/ScheduledArrival") {
            $0.flight.legs[0].scheduledArrival = try instant("2026-03-14T12:55:00+05:00")
        },
        RuleCase("leg arrives at the instant it departs", fires: ["PAX-LEG-TIMES"],
                 path: "/TravelerManifest/Flight/Legs/Leg[1]/ScheduledArrival") {
            $0.flight.legs[0].scheduledArrival = try instant("2026-03-14T09:35:00-05:00")
        },
        RuleCase("legs numbered 1, 3", fires: ["PAX-LEG-SEQUENCE"], path: "/TravelerManifest/Flight/Legs/Leg[2]/@sequence") {
            $0.flight.legs[1].sequence = 3
        },
        RuleCase("legs numbered 2, 1", fires: ["PAX-LEG-SEQUENCE"], path: "/TravelerManifest/Flight/Legs/Leg[1]/@sequence") {
            $0.flight.legs[0].sequence = 2
            $0.flight.legs[1].sequence = 1
        },
        RuleCase("leg 2 departs from another airport", fires: ["PAX-LEG-CHAIN"],
                 path: "/TravelerManifest/Flight/Legs/Leg[2]/DepartureAirport") {
            $0.flight.legs[1].departureAirport = "HOU"
        },
        RuleCase("leg 2 departs before leg 1 arrives", fires: ["PAX-LEG-CHAIN"],
                 path: "/TravelerManifest/Flight/Legs/Leg[2]/ScheduledDeparture") {
            $0.flight.legs[1].scheduledDeparture = try instant("2026-03-14T17:50:00Z")
        },
        // PAX-TRAVELER-ROUTE
        RuleCase("embarkation not on the flight", fires: ["PAX-TRAVELER-ROUTE"], path: t1 + "/Embarkation") {
            $0.travelers[0].embarkation = "TGU"
        },
        RuleCase("debarkation not an arrival airport", fires: ["PAX-TRAVELER-ROUTE"], path: t2 + "/Debarkation") {
            $0.travelers[1].debarkation = "SAL"
        },
        RuleCase("debarks before embarking", fires: ["PAX-TRAVELER-ROUTE"], path: t2 + "/Debarkation") {
            $0.travelers[1].embarkation = "IAH"
            $0.travelers[1].debarkation = "IAH"
        },
        // PAX-TOTALS
        RuleCase("Passengers total one too many", fires: ["PAX-TOTALS"], path: "/TravelerManifest/Totals/Passengers") {
            $0.totals.passengers += 1
        },
        RuleCase("Crew total on a passenger list", fires: ["PAX-TOTALS"], path: "/TravelerManifest/Totals/Crew") {
            $0.totals.crew = 1
        },
        // PAX-TRAVELER-UNIQUE, PAX-DOC-UNIQUE
        RuleCase("two travellers share a reference", fires: ["PAX-TRAVELER-UNIQUE"], path: t2 + "/@reference") {
            $0.travelers[1].reference = $0.travelers[0].reference
        },
        RuleCase("two travellers share a passport", fires: ["PAX-DOC-UNIQUE"], path: t2 + "/Documents/Document/Number") {
            $0.travelers[1].documents[0].number = "B03418876"
            $0.travelers[1].documents[0].issuingState = "SLV"
        },
        RuleCase("one traveller lists a document twice", fires: ["PAX-DOC-UNIQUE"], path: t2 + "/Documents/Document[2]/Number") {
            $0.travelers[1].documents.append($0.travelers[1].documents[0])
        },
        // PAX-KIND-LIST
        RuleCase("crew member on a passenger list", fires: ["PAX-KIND-LIST"], path: t2 + "/Kind") {
            $0.travelers[1].kind = .transitCrew
            $0.totals = Totals(counting: $0.travelers)
        },
        RuleCase("passengers on a crew list", fires: ["PAX-KIND-LIST"], path: t1 + "/Kind") {
            $0.listType = .crew
        },
        // PAX-ORIGINAL-REF, PAX-ORIGINAL-REF-EXTRA
        RuleCase("Change without OriginalMessageId", fires: ["PAX-ORIGINAL-REF"], path: "/TravelerManifest/MessageFunction") {
            $0.function = .change
        },
        RuleCase("Cancel referring to itself", fires: ["PAX-ORIGINAL-REF"], path: "/TravelerManifest/OriginalMessageId") {
            $0.function = .cancel
            $0.originalMessageId = $0.header.messageId
        },
        RuleCase("Original with OriginalMessageId", fires: ["PAX-ORIGINAL-REF-EXTRA"], path: "/TravelerManifest/OriginalMessageId") {
            $0.originalMessageId = "SV-DGME:MAN:TA570:20260313:P01"
        },
        // PAX-BAGS-TAGS
        RuleCase("three bags, two tags", fires: ["PAX-BAGS-TAGS"], path: t1 + "/Bags/@count") {
            $0.travelers[0].bags?.count = 3
        },
    ]

    static let boundaries: [RuleCase] = [
        RuleCase("names spelt without diacritics", fires: []) {
            $0.travelers[0].surname = "HERNANDEZ LOPEZ"
            $0.travelers[0].givenNames = "Carlos  Ernesto"
        },
        RuleCase("long given names truncated in the MRZ", fires: []) { manifest in
            manifest.travelers[0].givenNames = "CARLOS ERNESTO MARÍA DE LOS ÁNGELES BARRIENTOS"
            manifest.travelers[0].documents[0].mrzLines = try RuleFixture.mrz(
                state: "SLV", surname: "HERNÁNDEZ LÓPEZ", givenNames: "CARLOS ERNESTO MARÍA DE LOS ÁNGELES BARRIENTOS",
                number: "B03418876", nationality: "SLV", birth: "840722", sex: .male, expiry: "300814")
        },
        RuleCase("German document: D in the MRZ, DEU in the fields", fires: []) { manifest in
            manifest.travelers[0].nationality = "DEU"
            manifest.travelers[0].documents[0].issuingState = "DEU"
            manifest.travelers[0].documents[0].mrzLines = try RuleFixture.mrz(
                state: "D", surname: "HERNÁNDEZ LÓPEZ", givenNames: "CARLOS ERNESTO", number: "B03418876",
                nationality: "D", birth: "840722", sex: .male, expiry: "300814")
        },
        RuleCase("unknown birth day in the MRZ", fires: []) { manifest in
            manifest.travelers[0].documents[0].mrzLines = try RuleFixture.mrz(
                state: "SLV", surname: "HERNÁNDEZ LÓPEZ", givenNames: "CARLOS ERNESTO", number: "B03418876",
                nationality: "SLV", birth: "8407<<", sex: .male, expiry: "300814")
        },
        RuleCase("gender unknown (U) matches any MRZ sex", fires: []) { $0.travelers[0].gender = .unknown },
        RuleCase("born a century later: the MRZ has no century", fires: ["PAX-BIRTH-DATE"]) {
            $0.travelers[0].dateOfBirth = try day("2084-07-22")
        },
        RuleCase("born on the day the message was created", fires: []) {
            $0.travelers[1].dateOfBirth = try day("2026-03-14")
        },
        RuleCase("document expiring on the departure date: not expired, but within the stay", fires: ["PAX-DOC-EXPIRING"]) {
            $0.travelers[1].documents[0].expiryDate = try day("2026-03-14")
        },
        RuleCase("document expiring the day after departure", fires: ["PAX-DOC-EXPIRING"]) {
            $0.travelers[1].documents[0].expiryDate = try day("2026-03-15")
        },
        RuleCase("document valid to the last day of the stay window", fires: []) {
            // Traveller 2 arrives at ORD on 2026-03-14; 180 days later is 2026-09-10.
            $0.travelers[1].documents[0].expiryDate = try day("2026-09-10")
        },
        RuleCase("leg lands one second after take-off", fires: []) {
            $0.flight.legs[0].scheduledArrival = try instant("2026-03-14T09:35:01-05:00")
        },
        RuleCase("connection departs the instant the previous leg lands", fires: []) {
            $0.flight.legs[1].scheduledDeparture = try instant("2026-03-14T17:55:00Z")
        },
        RuleCase("same document number from another state", fires: []) {
            $0.travelers[1].documents[0].number = "B03418876"
        },
        RuleCase("Change naming its original", fires: []) {
            $0.function = .change
            $0.originalMessageId = "SV-DGME:MAN:TA570:20260313:P01"
        },
        RuleCase("CloseOut may name an original", fires: []) {
            $0.function = .closeOut
            $0.originalMessageId = "SV-DGME:MAN:TA570:20260313:P01"
        },
        RuleCase("bags counted but not yet tagged", fires: []) { $0.travelers[0].bags = Baggage(count: 4) },
        RuleCase("crew list of crew", fires: []) {
            $0.listType = .crew
            $0.travelers[0].kind = .crew
            $0.travelers[1].kind = .transitCrew
            $0.totals = Totals(counting: $0.travelers)
        },
    ]
}

// MARK: - Rules on models

@Suite struct BusinessRuleTests {
    @Test func theFixtureIsValid() throws {
        #expect(BusinessRules.check(try RuleFixture.manifest()) == [])
    }

    @Test(arguments: RuleCase.firing)
    func oneChangeMakesExactlyThatRuleFire(_ rule: RuleCase) throws {
        var manifest = try RuleFixture.manifest()
        try rule.mutate(&manifest)
        let diagnostics = BusinessRules.check(manifest, context: rule.context)
        #expect(Set(diagnostics.map(\.code)) == rule.fires, "\(diagnostics.map(\.message))")
        if let path = rule.path { #expect(diagnostics.first?.path == path) }
        for diagnostic in diagnostics {
            #expect(diagnostic.origin == .rule)
            #expect(diagnostic.line == 0, "no document, no line")
            #expect(diagnostic.severity == BusinessRules.rule(id: diagnostic.code)?.severity)
            #expect(diagnostic.path.hasPrefix("/TravelerManifest/"))
        }
    }

    @Test(arguments: RuleCase.boundaries)
    func boundaryCases(_ rule: RuleCase) throws {
        var manifest = try RuleFixture.manifest()
        try rule.mutate(&manifest)
        let diagnostics = BusinessRules.check(manifest, context: rule.context)
        #expect(Set(diagnostics.map(\.code)) == rule.fires, "\(diagnostics.map(\.message))")
    }

    @Test func everyManifestRuleHasAFiringCase() {
        let covered = RuleCase.firing.reduce(into: Set<String>()) { $0.formUnion($1.fires) }
        let manifestRules = BusinessRules.all.filter { $0.messageType == "TravelerManifest" }.map(\.id)
        #expect(Set(manifestRules).subtracting(covered).isEmpty)
    }

    @Test func ruleTableIsWellFormed() {
        let ids = BusinessRules.all.map(\.id)
        #expect(Set(ids).count == ids.count, "ids are unique")
        for rule in BusinessRules.all {
            #expect(rule.id.hasPrefix("PAX-") && rule.id == rule.id.uppercased())
            #expect(!rule.summary.isEmpty && !rule.summary.contains("\n"))
            #expect(PaxMessage.rootElementNames.contains(rule.messageType))
        }
        #expect(BusinessRules.rule(id: "PAX-DOC-EXPIRING")?.severity == .warning)
        #expect(BusinessRules.rule(id: "PAX-DOC-EXPIRED")?.severity == .error)
    }

    @Test func messagesSayWhatAndWhere() throws {
        var manifest = try RuleFixture.manifest()
        manifest.travelers[1].documents[0].expiryDate = try day("2026-02-01")
        let diagnostic = try #require(BusinessRules.check(manifest).first)
        #expect(diagnostic.message
            == "traveller TA570-0314-002 (O'CONNOR, MICHAEL JAMES): passport A04817263 expired on 2026-02-01, before departure on 2026-03-14")

        manifest = try RuleFixture.manifest()
        try RuleCase.replacingMRZ(line: 1, offset: 9, with: "1")(&manifest)
        let check = try #require(BusinessRules.check(manifest).first)
        #expect(check.message.contains("document number (line 2 position 10: expected"))
        #expect(check.message.contains("composite (line 2 position 44: expected"))
    }

    @Test func departureIsTheLegTheTravellerBoards() throws {
        // Traveller 2 boards the second leg (IAH, 2026-03-15 local): a document expiring on
        // 2026-03-14 has expired by then.
        var manifest = try RuleFixture.manifest()
        manifest.flight.legs[1].scheduledDeparture = try instant("2026-03-15T07:10:00-05:00")
        manifest.flight.legs[1].scheduledArrival = try instant("2026-03-15T09:40:00-05:00")
        manifest.travelers[1].embarkation = "IAH"
        manifest.travelers[1].documents[0].expiryDate = try day("2026-03-14")
        let diagnostics = BusinessRules.check(manifest)
        #expect(diagnostics.map(\.code) == ["PAX-DOC-EXPIRED"])
        #expect(diagnostics.first?.message.contains("before departure on 2026-03-15") == true)
    }

    @Test func oddModelsNeverCrash() throws {
        var random = LinearCongruential(seed: 2026)
        let base = try RuleFixture.manifest()
        let junk = ["", "P", "<<<<", "é", "\u{0}", "P<SLV" + String(repeating: "<", count: 39), String(repeating: "9", count: 44),
                    String(repeating: "<", count: 30), "ＡＢＣ", "\r\n"]
        for _ in 0..<300 {
            var manifest = base
            if random.next(4) == 0 { manifest.flight.legs = [] }
            if random.next(4) == 0 { manifest.travelers = [] }
            for t in manifest.travelers.indices {
                manifest.travelers[t].documents[0].mrzLines = (0..<random.next(5)).map { _ in junk[random.next(junk.count)] }
                manifest.travelers[t].surname = junk[random.next(junk.count)]
                manifest.travelers[t].givenNames = random.next(2) == 0 ? nil : "Ж" + junk[random.next(junk.count)]
                manifest.travelers[t].bags = Baggage(count: random.next(3) - 1, tags: random.next(2) == 0 ? [] : ["1"])
                if random.next(3) == 0 { manifest.travelers[t].documents = [] }
            }
            for k in manifest.flight.legs.indices { manifest.flight.legs[k].sequence = random.next(4) - 1 }
            manifest.totals = Totals(passengers: random.next(3) - 1, crew: Int.max)
            _ = BusinessRules.check(manifest, context: RuleContext(stayDays: [0, -5, Int.max, 180][random.next(4)]))
        }
    }

    // MARK: Other message types

    private func header(_ id: String) throws -> MessageHeader {
        MessageHeader(messageId: id, sender: "US-CBP", receiver: "SV-DGME", createdAt: try instant("2026-03-14T12:50:06Z"))
    }

    @Test func acknowledgementStatusAgreesWithItsErrors() throws {
        let error = ProcessingError(code: "PAX-TOTALS", severity: .error, text: "totals")
        let warning = ProcessingError(code: "PAX-BAGS-TAGS", severity: .warning, text: "bags")
        func codes(_ status: Acknowledgement.Status, _ errors: [ProcessingError]) throws -> [String] {
            let acknowledgement = Acknowledgement(header: try header("US-CBP:ACK:20260314:000417"),
                                                  referencedMessageId: "SV-DGME:MAN:TA570:20260314:P01", status: status,
                                                  receivedDigest: String(repeating: "a", count: 64), errors: errors)
            return BusinessRules.check(acknowledgement).map(\.code)
        }
        #expect(try codes(.accepted, []) == [])
        #expect(try codes(.accepted, [warning]) == [])
        #expect(try codes(.accepted, [warning, error]) == ["PAX-ACK-ERRORS"])
        #expect(try codes(.rejected, []) == ["PAX-ACK-ERRORS"])
        #expect(try codes(.rejected, [warning]) == [], "a rejection needs errors listed, of any severity")
        #expect(try codes(.rejected, [error]) == [])
    }

    @Test func assistanceResultAgreesWithWhatItCarries() throws {
        let manifest = try RuleFixture.manifest()
        let record = AssistanceRecord(flight: FlightSummary(carrier: "TA", flightNumber: "571", departureAirport: "IAH",
                                                            arrivalAirport: "SAL",
                                                            scheduledDeparture: try instant("2025-12-18T14:05:00-06:00")),
                                      traveler: manifest.travelers[0])
        func check(_ result: AssistanceResponse.Result, reason: String?, records: [AssistanceRecord]) throws -> [String] {
            let response = AssistanceResponse(header: try header("SV-DGME:ARR:20260316:000009"),
                                              requestMessageId: "US-CBP:AR:20260316:000012", result: result,
                                              denialReason: reason, records: records)
            return BusinessRules.check(response).map(\.path)
        }
        let root = "/AssistanceResponse"
        #expect(try check(.found, reason: nil, records: [record]) == [])
        #expect(try check(.notFound, reason: nil, records: []) == [])
        #expect(try check(.denied, reason: "outside the legal basis", records: []) == [])
        #expect(try check(.denied, reason: nil, records: []) == [root + "/Result"])
        #expect(try check(.found, reason: nil, records: []) == [root + "/Result"])
        #expect(try check(.notFound, reason: "no", records: []) == [root + "/DenialReason"])
        #expect(try check(.notFound, reason: nil, records: [record]) == [root + "/Records"])
        #expect(try check(.denied, reason: nil, records: [record]) == [root + "/Result", root + "/Records"])
    }

    @Test func envelopeChecksItsVersionAndItsPayload() throws {
        var manifest = try RuleFixture.manifest()
        manifest.totals.passengers = 3
        let signature = Signature(bytes: Array(repeating: 7, count: 64))
        let envelope = Envelope(header: try header("SV-DGME:ENV:20260314:000001"),
                                payloadDigest: String(repeating: "0", count: 64), signature: signature,
                                payload: .manifest(manifest))
        #expect(BusinessRules.check(envelope).map(\.path) == ["/Envelope/Payload/TravelerManifest/Totals/Passengers"])

        var mismatched = envelope
        mismatched.payloadSchemaVersion = try #require(SchemaVersion(rawValue: "1.1"))
        #expect(BusinessRules.check(mismatched).map(\.code) == ["PAX-ENVELOPE-VERSION", "PAX-TOTALS"])

        let nested = Envelope(header: try header("SV-DGME:ENV:20260314:000002"), payloadDigest: String(repeating: "1", count: 64),
                              signature: signature, payload: .envelope(envelope))
        #expect(BusinessRules.check(nested).map(\.path)
            == ["/Envelope/Payload/Envelope/Payload/TravelerManifest/Totals/Passengers"])
    }
}

/// A small deterministic generator for the crash test.
private struct LinearCongruential {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    /// 0 ..< bound.
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(max(bound, 1)))
    }
}

// MARK: - Rules on documents

@Suite struct BusinessRuleDocumentTests {
    private func document(_ text: String) throws -> XMLDocument {
        try XMLDocument.parse(Array(text.utf8))
    }

    /// The 1-based line of the first occurrence of `needle` at or after `anchor` in `text`.
    private func line(of needle: String, in text: String, after anchor: String? = nil) throws -> Int {
        let start = try anchor.map { try #require(text.range(of: $0)).lowerBound } ?? text.startIndex
        let range = try #require(text.range(of: needle, range: start..<text.endIndex))
        return text[..<range.lowerBound].count { $0 == "\n" } + 1
    }

    private func replacing(_ old: String, with new: String, in sample: String, after anchor: String? = nil) throws -> String {
        let text = try MessageFixtures.sample(sample)
        let start = try anchor.map { try #require(text.range(of: $0)).lowerBound } ?? text.startIndex
        let range = try #require(text.range(of: old, range: start..<text.endIndex))
        return text.replacingCharacters(in: range, with: new)
    }

    @Test func validSamplesHaveNoRuleDiagnostics() throws {
        let files = try MessageFixtures.sampleFiles()
        #expect(files.count >= 9)
        for file in files {
            let diagnostics = BusinessRules.check(document: try XMLDocument.parse(try MessageFixtures.bytes(of: file)))
            #expect(diagnostics == [], "\(file.lastPathComponent): \(diagnostics.map(\.message))")
        }
    }

    @Test func ruleSamplesAreSchemaValidAndBreakRulesOnly() throws {
        let directory = MessageFixtures.repository.appendingPathComponent("Samples/invalid")
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("rule-") && $0.pathExtension == "xml" }
        #expect(files.count >= 15)
        let schema = try MessageFixtures.schema()
        let known = Set(BusinessRules.all.map(\.id))
        for file in files {
            let document = try XMLDocument.parse(try MessageFixtures.bytes(of: file))
            #expect(schema.validate(document) == [], "\(file.lastPathComponent) must be schema-valid")
            let diagnostics = BusinessRules.check(document: document)
            #expect(!diagnostics.isEmpty, "\(file.lastPathComponent)")
            for diagnostic in diagnostics {
                #expect(known.contains(diagnostic.code) && diagnostic.line > 0, "\(file.lastPathComponent): \(diagnostic)")
            }
        }
    }

    @Test func theCatalogueRunsTheRules() throws {
        let text = try replacing("<Passengers>6</Passengers>", with: "<Passengers>7</Passengers>", in: "manifest-passenger.xml")
        let parsed = try document(text)
        let root = try #require(parsed.rootName)
        let entry = try #require(SchemaCatalogue.embedded.entry(for: root))
        let diagnostics = entry.rules(parsed)
        #expect(diagnostics.map(\.code) == ["PAX-TOTALS"])
        #expect(diagnostics.first?.line == (try line(of: "<Passengers>7", in: text)))
    }

    struct Located: Sendable, CustomTestStringConvertible {
        var name: String
        var sample: String
        var old: String
        var new: String
        /// Where in the sample to start looking for `old`.
        var anchor: String?
        var code: String
        var path: String
        /// The text on the expected line.
        var lineText: String
        var testDescription: String { name }
    }

    static let located: [Located] = [
        Located(name: "expired visa", sample: "manifest-passenger.xml",
                old: "<ExpiryDate>2030-04-03</ExpiryDate>", new: "<ExpiryDate>2026-02-01</ExpiryDate>", anchor: nil,
                code: "PAX-DOC-EXPIRED", path: "/TravelerManifest/Travelers/Traveler[5]/Documents/Document[2]/ExpiryDate",
                lineText: "<ExpiryDate>2026-02-01"),
        Located(name: "permanent resident card expiring during the stay (warning)", sample: "manifest-passenger.xml",
                old: "<ExpiryDate>2034-06-30</ExpiryDate>", new: "<ExpiryDate>2026-06-30</ExpiryDate>", anchor: nil,
                code: "PAX-DOC-EXPIRING", path: "/TravelerManifest/Travelers/Traveler[6]/Documents/Document[2]/ExpiryDate",
                lineText: "<ExpiryDate>2026-06-30"),
        Located(name: "bag count differs from the tags (warning)", sample: "manifest-passenger.xml",
                old: "<Bags count=\"2\">", new: "<Bags count=\"3\">", anchor: nil,
                code: "PAX-BAGS-TAGS", path: "/TravelerManifest/Travelers/Traveler[1]/Bags/@count",
                lineText: "<Bags count=\"3\">"),
        Located(name: "Original naming an original (warning)", sample: "manifest-crew.xml",
                old: "<MessageFunction>Original</MessageFunction>",
                new: "<MessageFunction>Original</MessageFunction>\n  <OriginalMessageId>SV-DGME:MAN:TA570:20260313:C01</OriginalMessageId>",
                anchor: nil, code: "PAX-ORIGINAL-REF-EXTRA", path: "/TravelerManifest/OriginalMessageId",
                lineText: "<OriginalMessageId>"),
        Located(name: "TD1 document number check digit", sample: "manifest-crew.xml",
                old: "ACSLVCMC2098849", new: "ACSLVCMC2098848", anchor: nil,
                code: "PAX-MRZ-CHECK", path: "/TravelerManifest/Travelers/Traveler[2]/Documents/Document[2]/MRZ/Line[1]",
                lineText: "ACSLVCMC2098848"),
        Located(name: "given names differ from the passport MRZ; the truncated TD1 name still matches", sample: "manifest-crew.xml",
                old: "<GivenNames>GABRIELA BEATRIZ</GivenNames>", new: "<GivenNames>GABRIELA BEATRICE</GivenNames>", anchor: nil,
                code: "PAX-MRZ-FIELDS", path: "/TravelerManifest/Travelers/Traveler[3]/GivenNames",
                lineText: "<GivenNames>GABRIELA BEATRICE"),
        Located(name: "leg sequence attribute", sample: "manifest-change.xml",
                old: "<Leg sequence=\"1\">", new: "<Leg sequence=\"2\">", anchor: nil,
                code: "PAX-LEG-SEQUENCE", path: "/TravelerManifest/Flight/Legs/Leg/@sequence", lineText: "<Leg sequence"),
        Located(name: "accepted with an error", sample: "acknowledgement-rejected.xml",
                old: "<Status>Rejected</Status>", new: "<Status>Accepted</Status>", anchor: nil,
                code: "PAX-ACK-ERRORS", path: "/Acknowledgement/Errors/Error[1]/Severity", lineText: "<Severity>Error"),
    ]

    @Test(arguments: located)
    func pathsAndLinesPointAtTheElement(_ c: Located) throws {
        let text = try replacing(c.old, with: c.new, in: c.sample, after: c.anchor)
        let diagnostics = BusinessRules.check(document: try document(text))
        #expect(diagnostics.map(\.code) == [c.code], "\(diagnostics.map(\.message))")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.path == c.path)
        #expect(diagnostic.line == (try line(of: c.lineText, in: text)))
        #expect(diagnostic.column == 0)
    }

    @Test func payloadRulesRunInsideAnEnvelope() throws {
        // The passenger manifest (one of its travellers' documents expired) as the payload of the envelope sample.
        let manifest = try replacing("<ExpiryDate>2030-04-03</ExpiryDate>", with: "<ExpiryDate>2026-02-01</ExpiryDate>",
                                     in: "manifest-passenger.xml")
        let body = try #require(manifest.range(of: "<TravelerManifest"))
        let payload = String(manifest[body.lowerBound...])
            .replacingOccurrences(of: "<TravelerManifest xmlns=\"urn:paxsim:api:v1\"", with: "<TravelerManifest")
        let envelope = try MessageFixtures.sample("envelope.xml")
        let start = try #require(envelope.range(of: "<AssistanceRequest"))
        let end = try #require(envelope.range(of: "</AssistanceRequest>"))
        let text = envelope.replacingCharacters(in: start.lowerBound..<end.upperBound, with: payload)
        let diagnostics = BusinessRules.check(document: try document(text))
        #expect(diagnostics.map(\.code) == ["PAX-DOC-EXPIRED"])
        #expect(diagnostics.first?.path
            == "/Envelope/Payload/TravelerManifest/Travelers/Traveler[5]/Documents/Document[2]/ExpiryDate")
        #expect(diagnostics.first?.line == (try line(of: "<ExpiryDate>2026-02-01", in: text)))
    }

    @Test func diagnosticsComeInLineOrder() throws {
        var text = try replacing("<Passengers>6</Passengers>", with: "<Passengers>7</Passengers>", in: "manifest-passenger.xml")
        text = text.replacingOccurrences(of: "<Bags count=\"2\">", with: "<Bags count=\"5\">")
        let diagnostics = BusinessRules.check(document: try document(text))
        #expect(diagnostics.map(\.code) == ["PAX-BAGS-TAGS", "PAX-BAGS-TAGS", "PAX-TOTALS"])
        #expect(diagnostics.map(\.line) == diagnostics.map(\.line).sorted())
    }

    @Test func undecodableDocumentsGiveTheDecodingError() throws {
        let text = try replacing("<Surname>HERNÁNDEZ LÓPEZ</Surname>\n", with: "", in: "manifest-passenger.xml")
        let diagnostics = BusinessRules.check(document: try document(text))
        #expect(diagnostics.map(\.code) == [MessageDecodingError.diagnosticCode])
        #expect(diagnostics.first?.path == "/TravelerManifest/Travelers/Traveler[1]/Surname")
    }

    @Test func duplicateReferencesAreTheSchemasToReport() throws {
        // The schema's xs:unique reports the duplicate, so `paxsim validate` never runs the rules
        // on this document (they run on schema-valid documents only) and reports it once. The
        // rule still catches it in models built in code.
        let url = MessageFixtures.repository.appendingPathComponent("Samples/invalid/schema-duplicate-traveler-reference.xml")
        let parsed = try XMLDocument.parse(try MessageFixtures.bytes(of: url))
        #expect(try MessageFixtures.schema().validate(parsed).map(\.code) == ["XML-SCHEMASV-1877"])
        #expect(BusinessRules.check(document: parsed).map(\.code).filter { $0 == "PAX-TRAVELER-UNIQUE" }.count == 1)
    }

    @Test func sourceLocatorResolvesPaths() throws {
        let text = try MessageFixtures.sample("manifest-crew.xml")
        let root = try #require(try document(text).root)
        var locator = SourceLocator(root: root)
        let fourth = "<Traveler reference=\"TA570-0314-C04\">"
        #expect(locator.line(of: "/TravelerManifest/Travelers/Traveler[4]/Documents/Document[2]/MRZ/Line[3]")
            == (try line(of: "<Line>GOMEZ", in: text, after: fourth)))
        #expect(locator.line(of: "/TravelerManifest/Travelers/Traveler[4]/@reference") == (try line(of: fourth, in: text)))
        // Unresolvable steps stop at the deepest element found; a foreign root gives 0.
        #expect(locator.line(of: "/TravelerManifest/Travelers/Traveler[9]/Surname") == (try line(of: "<Travelers>", in: text)))
        #expect(locator.line(of: "/TravelerManifest/Travelers/Traveler[x]") == (try line(of: "<Travelers>", in: text)))
        #expect(locator.line(of: "/Envelope/Header") == 0)
        #expect(locator.line(of: "") == 0)
    }
}
