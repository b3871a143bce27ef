import Testing
import PaxEDIFACT
import PaxEDIFACTMapping
import PaxMessages
import PaxConformance

/// The airports of the samples with the offsets in force on their dates (summer time in
/// Europe in 2021, no summer time in Sydney in June or in Honolulu).
struct SampleClock: AirportClock {
    static let offsets = ["VIE": 120, "FRA": 120, "TBS": 240, "DME": 180, "SYD": 600, "HNL": -600]
    func utcOffsetMinutes(airport: String, localDate: CalendarDate, hour: Int, minute: Int) -> Int? {
        Self.offsets[airport]
    }
}

/// Every sample converted leniently and checked field by field against what we read by hand
/// in the message text (the expectations below are typed from the samples, not from our output).
@Suite("PAXLST samples to manifests")
struct SampleConversionTests {
    func convert(_ file: String) throws -> (PAXLSTManifest, [EDIFACTDiagnostic]) {
        let read = try InterchangeInput.read(try FixtureFiles.bytes(file))
        let reader = PAXLSTReader(options: PAXLSTReadOptions(clock: SampleClock()))
        let (manifests, problems) = reader.manifests(from: read.messages)
        #expect(problems.isEmpty)
        #expect(manifests.count == 1)
        return (try #require(manifests.first), read.diagnostics)
    }

    func date(_ text: String) -> CalendarDate? { CalendarDate(text) }

    @Test("ediclean A: one passenger, telex header, CNT wrapped over two lines")
    func sampleA() throws {
        let (result, _) = try convert("ediclean/original/A.txt")
        let m = result.manifest
        #expect(result.version == .d05b)
        #expect(m.listType == .passenger && m.function == .original)
        #expect(m.reportingParty.name == "CICA HELP DESK")
        #expect(m.reportingParty.phone == "231384 373 2")
        #expect(m.flight.carrier == "A9" && m.flight.flightNumber == "2707")
        #expect(m.flight.legs.count == 1)
        let leg = try #require(m.flight.legs.first)
        #expect(leg.departureAirport == "VIE" && leg.arrivalAirport == "VIE")
        #expect(leg.scheduledDeparture.description == "2021-07-13T11:00:00+02:00")
        #expect(leg.scheduledArrival.description == "2021-07-13T12:00:00+02:00")
        #expect(m.totals == Totals(passengers: 47, crew: 0))
        #expect(m.travelers.count == 1)
        let t = try #require(m.travelers.first)
        #expect(t.surname == "DJEMFISJER" && t.givenNames == "REDJAE")
        #expect(t.gender == .male && t.dateOfBirth == date("1993-04-08"))
        #expect(t.bags == Baggage(count: 0, tags: []))
        #expect(t.embarkation == "TBS" && t.debarkation == "VIE")
        #expect(t.nationality == "ABC" && t.recordLocator == "ABC123" && t.seat == "9F")
        #expect(t.documents == [TravelDocument(type: .passport, number: "3DEJ2ED3E", issuingState: "LIM",
                                               expiryDate: try #require(date("2028-09-07")))])
        // LOC+22 and FTX+BAG+++NULL have no place in the model: kept on the traveller.
        let kept = t.extensions.compactMap { EDIFACTExtension.segment(in: $0)?.segment.tag }
        #expect(kept.sorted() == ["FTX", "LOC"])
        // The fax number is kept on the manifest.
        #expect(m.extensions.contains { $0.text == "COM+1 232 3234 4:FX" })
    }

    @Test("ediclean B: separators * and #, one passenger")
    func sampleB() throws {
        let m = try convert("ediclean/original/B.txt").0.manifest
        #expect(m.flight.carrier == "B2" && m.flight.flightNumber == "740")
        #expect(m.flight.legs.map { "\($0.departureAirport)-\($0.arrivalAirport)" } == ["VIE-FRA"])
        #expect(m.flight.legs.first?.scheduledDeparture.description == "2021-08-27T04:15:00+02:00")
        #expect(m.flight.legs.first?.scheduledArrival.description == "2021-08-27T06:50:00+02:00")
        #expect(m.reportingParty.name == "DSFEW CENTRAL" && m.reportingParty.phone == "42342-23-423")
        #expect(m.totals.passengers == 130)
        let t = try #require(m.travelers.first)
        #expect(m.travelers.count == 1)
        #expect(t.surname == "AERWDEDE" && t.givenNames == "FERDE H" && t.gender == .female)
        #expect(t.dateOfBirth == date("1983-02-12"))
        #expect(t.embarkation == "VIE" && t.debarkation == "FRA" && t.nationality == "AUT")
        #expect(t.recordLocator == "LWUMQZ" && t.seat == "2A")
        #expect(t.documents.map(\.number) == ["FER342423"])
        #expect(t.documents.first?.expiryDate == date("2028-07-27") && t.documents.first?.issuingState == "AUT")
    }

    @Test("ediclean C: three passengers of one booking")
    func sampleC() throws {
        let m = try convert("ediclean/original/C.txt").0.manifest
        #expect(m.travelers.map(\.surname) == ["MULLERSFER", "MULLERSFER", "RDEERF"])
        #expect(m.travelers.map(\.givenNames) == ["ERWED", "MAAUTIA", "EERFRWDTF"])
        #expect(m.travelers.map(\.gender) == [.female, .female, .male])
        #expect(m.travelers.map(\.dateOfBirth) == [date("2015-12-04"), date("2013-05-23"), date("1959-06-10")])
        #expect(m.travelers.map(\.seat) == ["17B", "17A", "17C"])
        #expect(m.travelers.allSatisfy { $0.recordLocator == "DHOLDH" && $0.debarkation == "DME" && $0.bags?.count == 1 })
        #expect(m.travelers.flatMap(\.documents).map(\.number) == ["756178630", "736393519", "730087856"])
        #expect(m.travelers.flatMap(\.documents).map(\.expiryDate) == [date("2027-10-12"), date("2024-10-30"), date("2023-01-21")])
        #expect(m.flight.legs.first?.arrivalAirport == "FRA")
        #expect(m.totals.passengers == 130)
        // B2585631 is not a ten-digit licence plate: the FTX is kept, the bag count stays 1.
        #expect(m.travelers[0].extensions.map(\.text) == ["FTX+BAG+++B2585631"])
    }

    @Test("ediclean F: crew list change with two documents and an address")
    func sampleF() throws {
        let m = try convert("ediclean/original/F.txt").0.manifest
        #expect(m.listType == .crew && m.function == .change)
        #expect(m.reportingParty.name == "YUSUF ATASEVEN" && m.reportingParty.phone == "(90) 212 465 23 88")
        #expect(m.flight.carrier == "TK" && m.flight.flightNumber == "334")
        #expect(m.flight.legs.first?.scheduledDeparture.description == "2021-08-27T17:10:00+02:00")
        #expect(m.flight.legs.first?.scheduledArrival.description == "2021-08-27T20:50:00+02:00")
        #expect(m.totals == Totals(passengers: 0, crew: 7))
        let t = try #require(m.travelers.first)
        #expect(t.kind == .crew && t.surname == "KETI" && t.givenNames == "OZCAN" && t.gender == .male)
        #expect(t.dateOfBirth == date("1971-07-18"))
        #expect(t.address == Address(street: "ADNAN KAHVECI MAH ULUDAG CAD ALT", city: "FRAANBUL", country: "ABC"))
        #expect(t.placeOfBirth == "BAKIRKOY" && t.nationality == "ABC")
        #expect(t.embarkation == "FRA" && t.debarkation == "VIE")
        #expect(t.documents.map(\.type) == [.passport, .pilotLicence])
        #expect(t.documents.map(\.number) == ["S20624269", "6713"])
        #expect(t.documents.map(\.expiryDate) == [date("2024-10-15"), date("2036-01-01")])
    }

    @Test("guide example 5.1 (D15B): transaction reference, e-mail, address, verified flag, bags")
    func guidePassenger() throws {
        let (result, _) = try convert("jetway/guide-example-5-1.txt")
        let m = result.manifest
        #expect(result.version == .d15b)
        #expect(m.header.messageId == "1234567890")
        #expect(m.reportingParty == ReportingParty(name: "DAVIDSON ROBERT", phone: "202 628 9292", email: "DAVIDSONR@IATA.ORG"))
        #expect(m.flight.carrier == "ZZ" && m.flight.flightNumber == "123")
        #expect(m.flight.legs.first?.scheduledDeparture.description == "2013-06-21T09:00:00+10:00")
        #expect(m.flight.legs.first?.scheduledArrival.description == "2013-06-21T22:00:00-10:00")
        #expect(m.totals.passengers == 160)
        let t = try #require(m.travelers.first)
        #expect(t.reference == "ABC123" && t.recordLocator == "TYR123")
        #expect(t.surname == "WILLIAMS" && t.givenNames == "JOHN DONALD" && t.dateOfBirth == date("1972-09-07"))
        #expect(t.address == Address(street: "235 WESTERN ROAD SUITE 203", city: "SLEAFORD", postalCode: "PE224T5", country: "GBR"))
        #expect(t.verified == false && t.bags?.count == 2)
        #expect(t.countryOfResidence == "GBR" && t.placeOfBirth == "AMBER HILL GBR")
        #expect(t.embarkation == "SYD" && t.debarkation == "HNL" && t.nationality == "GBR")
        #expect(t.documents == [TravelDocument(type: .passport, number: "MB140241", issuingState: "GBR",
                                               expiryDate: try #require(date("2015-12-31")))])
    }

    @Test("guide example 5.2: crew list, reporting party known by id only")
    func guideCrew() throws {
        let m = try convert("jetway/guide-example-5-2.txt").0.manifest
        #expect(m.listType == .crew && m.reportingParty.name == "USD090746")
        #expect(m.totals == Totals(passengers: 0, crew: 8))
        let t = try #require(m.travelers.first)
        #expect(t.kind == .crew && t.surname == "CLARK" && t.givenNames == "MICHAEL")
        #expect(t.address?.street == "2365 KAANAPALI HIGHWAY" && t.address?.city == "LAHAINA" && t.address?.postalCode == "96761")
        #expect(t.nationality == "CAN" && t.countryOfResidence == "CAN")
        #expect(t.documents.first?.expiryDate == date("2015-10-21") && t.documents.first?.issuingState == "CAN")
    }

    @Test("mapping diagnostics name the segment they come from")
    func diagnosticsNameSegments() throws {
        let (result, _) = try convert("jetway/guide-example-5-2.txt")
        let subdivision = try #require(result.diagnostics.first { $0.message.contains("subdivision") })
        #expect(subdivision.tag == "NAD" && subdivision.position.element == 7)
        #expect(subdivision.position.segment == 11)  // UNB UNG UNH BGM NAD TDT LOC DTM LOC DTM, then this NAD
    }

    @Test("a converted sample runs the same schema and business rules as native XML")
    func convertedRunsValidation() throws {
        let m = try convert("ediclean/original/B.txt").0.manifest
        let validator = FileValidator(options: ValidationOptions(catalogue: .embedded))
        let outcome = validator.validate(bytes: try m.xml(), name: "B.xml")
        #expect(outcome.messageType?.contains("TravelerManifest") == true)
        // Schema-valid, so the business rules ran: the totals rule sees 130 reported for 1 listed.
        #expect(!outcome.diagnostics.contains { $0.origin == .schema })
        #expect(outcome.diagnostics.contains { $0.origin == .rule })
    }
}

/// Our own fixtures (see Fixtures/own/README), read by hand like the samples.
@Suite("PAXLST own fixtures")
struct OwnFixtureTests {
    struct USClock: AirportClock {
        // 11 March 2026 is after the US switch to summer time (8 March); April in Frankfurt is summer time.
        static let offsets = ["ATL": -240, "JFK": -240, "ORD": -300, "IAD": -240, "FRA": 120]
        func utcOffsetMinutes(airport: String, localDate: CalendarDate, hour: Int, minute: Int) -> Int? { Self.offsets[airport] }
    }

    func convert(_ file: String, _ options: ReaderOptions = .lenient) throws -> (PAXLSTManifest, ReadResult) {
        let read = try InterchangeInput.read(try FixtureFiles.bytes(file), options: options)
        let result = PAXLSTReader(options: PAXLSTReadOptions(clock: USClock())).manifests(from: read.messages)
        return (try #require(result.manifests.first), read)
    }

    @Test("a progressive flight: two legs under LOC+92, travellers joining at the stop")
    func progressive() throws {
        let (result, read) = try convert("own/progressive-d05b.edi")
        #expect(read.diagnostics.map(\.code) == [.envelopeNoise])  // the indented lines
        let m = result.manifest
        #expect(m.header.messageId == "ZZ0701-260311-001")
        #expect(m.flight.carrier == "ZZ" && m.flight.flightNumber == "701")
        #expect(m.flight.legs.map(\.sequence) == [1, 2])
        #expect(m.flight.legs.map { "\($0.departureAirport)-\($0.arrivalAirport)" } == ["ATL-ORD", "ORD-JFK"])
        #expect(m.flight.legs.map(\.scheduledDeparture.description) == ["2026-03-11T15:40:00-04:00", "2026-03-11T18:40:00-05:00"])
        #expect(m.flight.legs.map(\.scheduledArrival.description) == ["2026-03-11T17:40:00-05:00", "2026-03-11T21:55:00-04:00"])
        #expect(m.travelers.map(\.surname) == ["PRATT", "O'NEILL"])
        #expect(m.travelers.map(\.givenNames) == ["ELLEN MAY", "SEAN"])
        #expect(m.travelers.map(\.dateOfBirth) == [CalendarDate("1980-01-15"), CalendarDate("2001-12-31")])
        #expect(m.travelers.map(\.embarkation) == ["ATL", "ORD"])
        #expect(m.travelers.map(\.reference) == ["T-1", "T-2"])
        #expect(m.travelers.map(\.recordLocator) == ["QWE123", "QWE124"])
        #expect(m.travelers.map { $0.extensions.map(\.text) } == [["RFF+CR:CUST 99"], ["RFF+AEA:A1B2C3"]])
        #expect(m.travelers.flatMap(\.documents).map(\.expiryDate) == [CalendarDate("2030-01-01"), CalendarDate("2029-06-30")])
        #expect(m.totals.passengers == 2)
        // Written back, the kept segments return in the traveller's group.
        let again = try InterchangeInput.read(try PAXLSTWriter().write(m), options: .strict)
        let back = PAXLSTReader(options: PAXLSTReadOptions(clock: USClock())).manifests(from: again.messages).manifests.first?.manifest
        // The envelope is written anew (UNB from the header's agencies), so the kept original UNB is the only difference.
        var expected = m
        #expect(expected.extensions.map { EDIFACTExtension.segment(in: $0)?.group } == ["UNB"])
        expected.extensions = []
        #expect(back == expected)
    }

    @Test("a D02B crew list without UNG: UNZ counts messages; EMP kept; strict finds nothing wrong")
    func crewWithoutGroup() throws {
        let (result, read) = try convert("own/crew-d02b-no-ung.edi", .strict)
        #expect(read.diagnostics.isEmpty)
        #expect(read.messages.first?.group == nil)
        #expect(result.version == .d02b)
        let m = result.manifest
        #expect(m.listType == .crew && m.totals == Totals(passengers: 0, crew: 2))
        #expect(m.travelers.map(\.kind) == [.crew, .crew])
        #expect(m.travelers.map(\.surname) == ["HOLM", "BERG"])
        #expect(m.travelers.map(\.dateOfBirth) == [CalendarDate("1975-05-05"), CalendarDate("1969-09-09")])
        #expect(m.travelers[1].documents.map(\.type) == [.passport, .pilotLicence])
        #expect(m.travelers.map { $0.extensions.map(\.text) } == [["EMP+1+CR1:110:111"], ["EMP+1+CR2:110:111"]])
        #expect(m.flight.legs.first?.scheduledArrival.description == "2026-04-02T13:00:00-04:00")
    }
}
