import Foundation
@testable import PaxGenerator
import PaxMessages
import SafeXML
import Testing

/// Every generated valid document passes what `paxsim validate` checks (schema and business
/// rules) without a single diagnostic, over several seeds, random routes with stops, crew
/// lists and several hundred travellers.
@Suite struct ValidityTests {
    @Test(arguments: [101, 202, 303, 404, 505, 606] as [UInt64])
    func generatedManifestsAreCleanUnderSchemaAndRules(seed: UInt64) throws {
        var generator = Generator(seed: seed)
        var travelers = 0
        for (index, date) in ["2026-03-14", "2026-10-25", "2027-04-04"].enumerated() {
            let plan = try generator.flight(on: try RunFixtures.date(date))
            for manifest in [generator.passengerList(for: plan, travelers: 30 + 15 * index), generator.crewList(for: plan)] {
                let outcome = MessageValidator.validate(try manifest.xml())
                #expect(outcome.valid && outcome.diagnostics.isEmpty,
                        "seed \(seed) \(plan.designator) \(plan.flight.legs.map { $0.departureAirport + "-" + $0.arrivalAirport }): \(outcome)")
                travelers += manifest.travelers.count
            }
        }
        #expect(travelers >= 100)
    }

    @Test func aRunDirectoryValidatesAsItsExpectedResultsSay() throws {
        var options = GenerationOptions()
        options.seed = 77
        options.flights = 4
        options.crew = true
        options.totalTravelers = 240
        let directory = try RunFixtures.run(options)
        defer { RunFixtures.remove(directory) }
        let expectations = try RunFixtures.expectations(in: directory)
        #expect(expectations.count == 8)
        for expectation in expectations {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + expectation.path)))
            let outcome = MessageValidator.validate(bytes)
            #expect(outcome.valid == expectation.valid && outcome.codes == expectation.codes, "\(expectation.path): \(outcome)")
        }
    }

    /// Every MRZ composed from names' MRZ forms is the one `MRZBuilder` writes from the
    /// printed names (which it transliterates) for the same fields.
    @Test func composedMRZsEqualMRZBuilder() throws {
        var random = SeededRandom(seed: 9)
        let cultures = NameCulture.allCases
        var compared = 0
        for index in 0..<3000 {
            let culture = cultures[index % cultures.count]
            let sex: Gender = random.pick([.male, .female, .unspecified])
            let name = PersonNamer(culture: culture).adult(sex, &random)
            let profile = random.pick(Countries.all)
            let formats: [(String, MRZFormat, String)] = [("P", .td3, random.pick(profile.passportFormats)),
                                                          ("I", .td1, profile.identityCard?.numberFormat ?? "LLDDDDDDD"),
                                                          ("ID", .td1, "784DDDDDDDDDDDD"), ("AC", .td1, "LLDDDDDDD"),
                                                          ("V", .mrvA, "DDDDDDDD")]
            let (code, format, pattern) = formats[index % formats.count]
            let number = SerialNumberFormat(pattern, seed: 1, key: pattern).number(UInt64(index))
            let birth = try #require(CalendarDate(year: random.int(in: 1930...2025), month: random.int(in: 1...12), day: random.int(in: 1...28)))
            let expiry = try #require(CalendarDate(year: random.int(in: 2026...2040), month: random.int(in: 1...12), day: random.int(in: 1...28)))
            let mrzSex: MRZSex = sex == .unspecified ? random.pick([.x, .unspecified]) : TravelerFactory.mrzSex(sex)
            let composed = try #require(DocumentIssuer.composedMRZ(code: code, issuer: profile.code.rawValue, name: name, number: number,
                                                          nationality: profile.code.rawValue, birth: birth, sex: mrzSex,
                                                          expiry: expiry, format: format))
            let fields = MRZDocumentFields(documentCode: code, issuingState: profile.code.rawValue, primaryIdentifier: name.surname,
                                           secondaryIdentifier: name.given ?? "", documentNumber: number,
                                           nationality: profile.code.rawValue, dateOfBirth: birth.mrzForm, sex: mrzSex,
                                           dateOfExpiry: expiry.mrzForm)
            #expect(composed == (try MRZBuilder.build(fields, format: format)), "\(name.surname), \(name.given ?? "") \(code) \(number)")
            #expect(MRZVerifier.verify(composed).isValid)
            compared += 1
        }
        #expect(compared == 3000)
    }

    /// `TravelerXML` (the one traveller encoder) writes what `XMLWriter` writes element by
    /// element, for generated travellers and for unusual ones (escapes, extension elements,
    /// many bags, a document without MRZ, empty bags).
    @Test func travelerEncoderMatchesXMLWriter() throws {
        var generator = Generator(seed: 3)
        let plan = try generator.flight(on: try RunFixtures.date(), from: "CDG", to: "JFK")
        var manifest = generator.passengerList(for: plan, travelers: 300)
        manifest.travelers[0].surname = "D'ARTAGNAN & FILS <SARL>"
        manifest.travelers[1].address?.street = "12 \"Quai\" des Orfèvres\r"
        manifest.travelers[1].reference = "A\"B\tC\nD&E"
        manifest.travelers[2].extensions = [XMLElement(name: QualifiedName(namespace: "urn:vendor", localName: "Loyalty"), text: "GOLD", line: 0)]
        manifest.travelers[2].documents[0].extensions = [XMLElement(name: QualifiedName(namespace: "urn:vendor", localName: "Chip"), text: "yes", line: 0)]
        manifest.travelers[3].bags = Baggage(tags: (0..<9).map { String(1_000_000_000 + $0) })
        manifest.travelers[4].bags = Baggage(count: -1, tags: [])
        manifest.travelers[5].documents[0].mrzLines = []
        manifest.travelers[5].givenNames = nil
        manifest.travelers[5].address = nil
        for traveler in manifest.travelers {
            let buffer = XMLByteBuffer()
            try TravelerXML.append(traveler, depth: 2, to: buffer)
            var reference = XMLWriter.fragment(depth: 2)
            try Self.reference(traveler, &reference)
            #expect(buffer.bytes == reference.bytes, "\(traveler.reference)")
        }
    }

    /// The traveller element as `XMLWriter` writes it, element by element (the encoder's
    /// specification, kept here as its oracle).
    static func reference(_ t: Traveler, _ w: inout XMLWriter) throws {
        try w.start("Traveler", attributes: ["reference": t.reference])
        try w.element("Kind", t.kind.rawValue)
        try w.element("Surname", t.surname)
        try w.element("GivenNames", ifPresent: t.givenNames)
        try w.element("Gender", t.gender.rawValue)
        try w.element("DateOfBirth", t.dateOfBirth.description)
        try w.element("Nationality", t.nationality.rawValue)
        try w.element("CountryOfResidence", ifPresent: t.countryOfResidence?.rawValue)
        try w.element("PlaceOfBirth", ifPresent: t.placeOfBirth)
        if let address = t.address {
            try w.start("Address")
            try w.element("Street", address.street)
            try w.element("City", address.city)
            try w.element("PostalCode", ifPresent: address.postalCode)
            try w.element("Country", address.country.rawValue)
            try w.end()
        }
        try w.element("Embarkation", t.embarkation)
        try w.element("Debarkation", t.debarkation)
        try w.element("Verified", t.verified ? "true" : "false")
        try w.element("Seat", ifPresent: t.seat)
        if let bags = t.bags {
            try w.start("Bags", attributes: ["count": String(bags.count)])
            for tag in bags.tags { try w.element("Tag", tag) }
            try w.end()
        }
        try w.element("RecordLocator", ifPresent: t.recordLocator)
        try w.start("Documents")
        for document in t.documents {
            try w.start("Document")
            try w.element("Type", document.type.rawValue)
            try w.element("Number", document.number)
            try w.element("IssuingState", document.issuingState.rawValue)
            try w.element("ExpiryDate", document.expiryDate.description)
            if !document.mrzLines.isEmpty {
                try w.start("MRZ")
                for line in document.mrzLines { try w.element("Line", line) }
                try w.end()
            }
            for element in document.extensions { try Self.extensionElement(element, &w) }
            try w.end()
        }
        try w.end()
        for element in t.extensions { try Self.extensionElement(element, &w) }
        try w.end()
    }

    /// A text-only extension element of another namespace, declared on itself.
    static func extensionElement(_ element: XMLElement, _ w: inout XMLWriter) throws {
        try w.start(element.name.localName, attributes: ["xmlns": element.name.namespace])
        try w.text(element.text)
        try w.end()
    }

    /// A control character cannot be written: the error names it, and no half file is left.
    @Test func unwritableTextFailsCleanly() throws {
        var generator = Generator(seed: 4)
        let plan = try generator.flight(on: try RunFixtures.date())
        var manifest = generator.passengerList(for: plan, travelers: 3)
        manifest.travelers[1].surname = "BAD\u{7}NAME"
        let out = XMLByteBuffer()
        try TravelerXML.append(manifest.travelers[0], depth: 2, to: out)
        let written = out.count
        #expect(throws: XMLWriterError.invalidCharacter(7, in: "BAD\u{7}NAME")) {
            try TravelerXML.append(manifest.travelers[1], depth: 2, to: out)
        }
        #expect(written > 0)

        let directory = try RunFixtures.temporaryDirectory()
        defer { RunFixtures.remove(directory) }
        var file = try AtomicFile(path: directory + "/half.xml")
        try file.write(Array("<partial".utf8))
        file.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }
}
