import Foundation
import PaxMessages
import SafeXML
import PaxTestSupport
import Testing

/// model -> XML -> schema-valid -> decode == model, and the same value always gives the
/// same bytes: over the samples and over hundreds of seeded, generated messages.
@Suite struct RoundTripTests {
    @Test func everyValidSampleDecodesAndReencodesToTheSameBytes() throws {
        let schema = try MessageFixtures.schema()
        var checked = 0
        for url in try MessageFixtures.sampleFiles() {
            let bytes = try MessageFixtures.bytes(of: url)
            guard schema.validate(bytes: bytes).isValid else { continue }  // invalid samples are for the validator
            let message = try PaxMessage.decode(bytes: bytes)
            let encoded = try message.encode()
            #expect(try PaxMessage.decode(bytes: encoded) == message, "\(url.lastPathComponent)")
            #expect(encoded == bytes, "\(url.lastPathComponent) re-encodes to different bytes")
            checked += 1
        }
        #expect(checked >= 9)
    }

    @Test(arguments: MessageFixtures.Kind.allCases)
    func generatedMessagesRoundTrip(kind: MessageFixtures.Kind) throws {
        let schema = try MessageFixtures.schema()
        for index in 0..<60 {
            var generator = MessageFixtures.Generator(seed: UInt64(index) &* 0x9E37_79B9 &+ UInt64(kind.rawValue))
            let message = generator.message(kind)
            let bytes = try message.encode()
            let report = schema.validate(bytes: bytes)
            #expect(report.isValid, "\(kind) #\(index): \(report.diagnostics.prefix(3).map(\.message))")
            if !report.isValid {
                print(String(decoding: bytes, as: UTF8.self))
                return
            }
            let decoded = try PaxMessage.decode(bytes: bytes)
            #expect(decoded == message, "\(kind) #\(index) decodes to a different value")
            #expect(try message.encode() == bytes, "\(kind) #\(index) encodes differently the second time")
            #expect(try decoded.encode() == bytes, "\(kind) #\(index) re-encodes differently after decoding")
            if index % 10 == 0 {
                let json = try JSONEncoder().encode(message)
                #expect(try JSONDecoder().decode(PaxMessage.self, from: json) == message, "\(kind) #\(index) JSON")
            }
        }
    }

    @Test func typedDecodeMatchesTheMessageEnum() throws {
        var generator = MessageFixtures.Generator(seed: 42)
        let manifest = generator.manifest()
        let bytes = try manifest.xml()
        #expect(try TravelerManifest.decode(bytes: bytes) == manifest)
        #expect(try PaxMessage.decode(bytes: bytes) == .manifest(manifest))
        #expect(try PaxMessage.manifest(manifest).encode() == bytes)
        #expect(throws: MessageDecodingError.self) { try Acknowledgement.decode(bytes: bytes) }
    }

    @Test func passengerListCountsItsTotals() throws {
        var generator = MessageFixtures.Generator(seed: 7)
        let travelers = (0..<12).map { generator.traveler(index: $0) }
        let manifest = TravelerManifest.passengerList(header: generator.header(), flight: generator.flight(),
                                                      reportingParty: ReportingParty(name: "Centro de Control SAL"),
                                                      travelers: travelers)
        #expect(manifest.totals.passengers + manifest.totals.crew == 12)
        #expect(manifest.totals.passengers == travelers.count { $0.kind == .passenger || $0.kind == .transitPassenger })
        #expect(manifest.listType == .passenger)
        #expect(try MessageFixtures.schema().validate(bytes: manifest.xml()).isValid)
    }
}

/// Samples, schema and a seeded generator of valid messages, shared by the message tests.
enum MessageFixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sampleFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: repository.appendingPathComponent("Samples"),
                                                    includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "xml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func bytes(of url: URL) throws -> [UInt8] { try Array(Data(contentsOf: url)) }

    static func sample(_ name: String) throws -> String {
        try String(decoding: bytes(of: repository.appendingPathComponent("Samples/" + name)), as: UTF8.self)
    }

    /// The embedded catalogue's schema, or v1/paxsim.xsd compiled from the repository.
    static func schema() throws -> XMLSchema {
        let root = QualifiedName(namespace: PaxMessage.namespace, localName: "TravelerManifest")
        if let schema = SchemaCatalogue.embedded.entry(for: root)?.schema { return schema }
        return try XMLSchema(contentsOf: repository.appendingPathComponent("Schemas/v1/paxsim.xsd"))
    }

    enum Kind: Int, CaseIterable, CustomStringConvertible, Sendable {
        case manifest, acknowledgement, riskAssessment, assistanceRequest, assistanceResponse, envelope

        var description: String { String(describing: PaxMessage.rootElementNames[rawValue]) }
    }

    /// Valid messages of every kind with optional parts present or absent, several legs,
    /// names with diacritics, text needing escapes, and extension elements now and then.
    struct Generator {
        var random: SplitMix64

        init(seed: UInt64) { random = SplitMix64(state: seed) }

        static let surnames = ["HERNÁNDEZ", "MARTÍNEZ DE LA O", "O'CONNOR", "NÚÑEZ", "GÖKÇE", "MÜLLER", "ØSTERGÅRD",
                               "ŁUKASZEWICZ", "NGUYỄN", "ÇELIK", "D'ÁVILA", "QUINTANILLA", "FLORES", "ŠŤASTNÝ", "ÆBELØ"]
        static let givenNames = ["MARÍA JOSÉ", "CARLOS ERNESTO", "SOFÍA", "JÜRGEN", "ZOË", "FRANÇOIS", "ÅSA", "JOÃO PEDRO",
                                 "ANA LUCÍA", "DOUGLAS ALEXANDER", "ŽELJKO"]
        static let countries: [CountryCode] = ["SLV", "USA", "HND", "GTM", "MEX", "COL", "DEU", "FRA", "ESP", "TUR",
                                               "VNM", "POL", "DNK", "CZE", "BRA"]
        static let icaoCodes: [CountryCode] = ["XXA", "XXB", "UNO", "GBD", "XXX"]
        static let airports = ["SAL", "IAH", "MIA", "LAX", "GUA", "MEX", "BOG", "MAD", "JFK", "SJO"]
        static let cities = ["San Salvador", "Houston", "Usulután", "Ciudad de México", "Zürich", "Kraków", "Düsseldorf"]
        static let streets = ["Colonia Miramonte, Avenida Toluca 238", "8410 Westheimer Rd Apt 214", "Calle 5 & Av. <Norte>",
                              "Rua São João 12", "Hauptstraße 7 \"Hinterhaus\"", "Barrio La Merced, 4a Calle Oriente 12"]
        static let offsets: [UTCOffset] = [.utc, UTCOffset(minutes: -360), UTCOffset(minutes: -300), UTCOffset(minutes: 330),
                                           UTCOffset(minutes: 840), UTCOffset("-00:00"), UTCOffset(minutes: 0)].compactMap { $0 }
        static let fieldNames = ["Surname", "GivenNames", "DateOfBirth", "DocumentNumber", "IssuingState", "Nationality"]
        static let vendorNamespace = "urn:example:vendor:gtas"

        mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
        mutating func maybe<T>(_ percent: Int = 50, _ make: (inout Generator) -> T) -> T? {
            chance(percent) ? make(&self) : nil
        }

        mutating func string(_ alphabet: String, _ length: ClosedRange<Int>) -> String {
            let characters = Array(alphabet)
            return String((0..<int(length)).map { _ in pick(characters) })
        }

        static let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        static let digits = "0123456789"

        // MARK: Values

        mutating func date(years: ClosedRange<Int>) -> CalendarDate {
            let year = int(years), month = int(1...12)
            return CalendarDate(year: year, month: month, day: int(1...CivilCalendar.daysIn(month: month, year: year)))!
        }

        mutating func timestamp() -> Timestamp {
            let fraction = pick(["", "", "", "5", "120", "123456", "000"])
            let hour = chance(3) ? 24 : int(0...23)
            return Timestamp(localDate: date(years: 2020...2030), hour: hour, minute: hour == 24 ? 0 : int(0...59),
                             second: hour == 24 ? 0 : int(0...59), fractionDigits: hour == 24 ? "" : fraction,
                             utcOffset: pick(Self.offsets))!
        }

        mutating func messageId(_ tag: String) -> String {
            pick(["SV-DGME", "US-CBP"]) + ":\(tag):" + string(Self.digits, 8...8) + ":" + string(Self.upper + Self.digits, 3...6)
        }

        mutating func header() -> MessageHeader {
            let sender = pick(["SV-DGME", "US-CBP", "GT-IGM", "HN-INM"])
            return MessageHeader(messageId: messageId("MSG"), correlationId: maybe { $0.messageId("COR") },
                                 sender: sender, receiver: sender == "US-CBP" ? "SV-DGME" : "US-CBP",
                                 createdAt: timestamp())
        }

        mutating func hex64() -> String { string("0123456789abcdef", 64...64) }

        mutating func score() -> UnitScore { UnitScore(tenThousandths: int(0...10_000))! }

        mutating func name(_ list: [String], words: ClosedRange<Int>) -> String {
            (0..<int(words)).map { _ in pick(list) }.joined(separator: " ")
        }

        /// Zero to two elements of another namespace, some with prefixes, attributes
        /// (qualified ones too), text and nested children.
        mutating func extensions() -> [SafeXML.XMLElement] {
            guard chance(25) else { return [] }
            return (0..<int(1...2)).map { i in
                let prefix = chance(50) ? "gt" : nil
                let namespace = i == 0 ? Self.vendorNamespace : "urn:example:vendor:airline"
                var attributes = [SafeXML.XMLElement.Attribute(name: QualifiedName(namespace: "", localName: "level"),
                                                       value: String(int(1...5)))]
                if chance(50) {
                    attributes.append(SafeXML.XMLElement.Attribute(name: QualifiedName(namespace: "urn:example:other", localName: "source"),
                                                           value: "rule <\(int(1...99))> & \"more\""))
                }
                let leaf = SafeXML.XMLElement(name: QualifiedName(namespace: namespace, localName: "Note"), prefix: prefix,
                                      text: pick(["Revisión manual ✓", "a < b & c", "  spaced  text  "]))
                if chance(50) { return leaf }
                return SafeXML.XMLElement(name: QualifiedName(namespace: namespace, localName: "RiskFlag"), prefix: prefix,
                                  attributes: attributes,
                                  children: [leaf, SafeXML.XMLElement(name: QualifiedName(namespace: "urn:example:nested", localName: "Code"),
                                                              text: string(Self.upper, 2...4))])
            }
        }

        // MARK: Manifest parts

        mutating func leg(sequence: Int) -> Leg {
            Leg(sequence: sequence, departureAirport: pick(Self.airports), scheduledDeparture: timestamp(),
                arrivalAirport: pick(Self.airports), scheduledArrival: timestamp(), extensions: extensions())
        }

        mutating func flight() -> Flight {
            Flight(carrier: pick(["TA", "AV", "UA", "9W", "B6"]), flightNumber: string(Self.digits, 1...4) + (chance(20) ? "A" : ""),
                   legs: (1...int(1...4)).map { leg(sequence: $0) }, extensions: extensions())
        }

        mutating func mrzLines() -> [String] {
            let alphabet = Self.upper + Self.digits + "<"
            return chance(50) ? [string(alphabet, 44...44), string(alphabet, 44...44)]
                : [string(alphabet, 30...30), string(alphabet, 30...30), string(alphabet, 30...30)]
        }

        mutating func document() -> TravelDocument {
            TravelDocument(type: pick(DocumentType.allCases), number: string(Self.upper + Self.digits, 1...20),
                           issuingState: chance(10) ? pick(Self.icaoCodes) : pick(Self.countries),
                           expiryDate: date(years: 2024...2036), mrzLines: chance(50) ? mrzLines() : [],
                           extensions: extensions())
        }

        mutating func traveler(index: Int) -> Traveler {
            Traveler(
                reference: "TA570-\(index)-" + string(Self.upper, 1...3),
                kind: pick(TravelerKind.allCases),
                surname: name(Self.surnames, words: 1...2),
                givenNames: maybe(80) { $0.name(Self.givenNames, words: 1...2) },
                gender: pick(Gender.allCases),
                dateOfBirth: date(years: 1930...2024),
                nationality: chance(5) ? pick(Self.icaoCodes) : pick(Self.countries),
                countryOfResidence: maybe { $0.pick(Self.countries) },
                placeOfBirth: maybe { $0.pick(Self.cities).uppercased() },
                address: maybe {
                    Address(street: $0.pick(Self.streets), city: $0.pick(Self.cities),
                            postalCode: $0.maybe { $0.string(Self.digits, 4...5) }, country: $0.pick(Self.countries))
                },
                embarkation: pick(Self.airports),
                debarkation: pick(Self.airports),
                verified: chance(70),
                seat: maybe { String($0.int(1...60)) + $0.string("ABCDEFGHJK", 1...1) },
                bags: maybe { g in
                    let count = g.int(0...3)
                    return Baggage(count: count, tags: (0..<(g.chance(80) ? count : 0)).map { _ in g.string(Self.digits, 10...10) })
                },
                recordLocator: maybe { $0.string(Self.upper + Self.digits, 5...8) },
                documents: (0..<int(1...5)).map { _ in document() },
                extensions: extensions())
        }

        // MARK: Messages

        mutating func manifest() -> TravelerManifest {
            let function = pick(MessageFunction.allCases)
            let travelers = (0..<int(0...30)).map { traveler(index: $0) }
            return TravelerManifest(
                schemaVersion: chance(10) ? SchemaVersion(rawValue: "1.3")! : .current,
                header: header(), function: function,
                originalMessageId: function == .change || function == .cancel ? messageId("MAN") : nil,
                listType: pick(ListType.allCases), flight: flight(),
                reportingParty: ReportingParty(name: "Centro de Control " + pick(Self.airports),
                                               phone: maybe { _ in "+503 2339 9155" },
                                               email: maybe { _ in "apis.sal@avianca.example" }),
                travelers: travelers,
                totals: chance(80) ? Totals(counting: travelers) : Totals(passengers: int(0...40), crew: int(0...9)),
                extensions: extensions())
        }

        mutating func acknowledgement() -> Acknowledgement {
            let errors = chance(50) ? [] : (0..<int(1...5)).map { _ in
                ProcessingError(code: pick(["XSD-PATTERN", "RULE-TOTALS-PASSENGERS", "PAX-DECODE"]),
                                severity: pick([.error, .warning]), line: maybe { $0.int(1...5000) },
                                column: maybe { $0.int(0...120) },
                                path: maybe { "/TravelerManifest/Travelers/Traveler[\($0.int(1...30))]/Surname" },
                                text: "Element 'Number': the value 'A0481726-3' is not accepted by the pattern '[A-Z0-9]{1,20}' & <more>.")
            }
            return Acknowledgement(header: header(), referencedMessageId: messageId("MAN"),
                                   status: errors.isEmpty ? .accepted : .rejected, receivedDigest: hex64(),
                                   errors: errors, extensions: extensions())
        }

        mutating func riskAssessment() -> RiskAssessment {
            let assessments = (0..<int(0...10)).map { index in
                TravelerAssessment(
                    travelerReference: "TA570-\(index)", outcome: pick(TravelerAssessment.Outcome.allCases), score: score(),
                    identityConfidence: maybe { $0.score() },
                    reasons: chance(40) ? [] : (0..<int(1...3)).map { _ in
                        AssessmentReason(kind: pick(AssessmentReason.Kind.allCases), sourceId: "WL-" + string(Self.digits, 8...8),
                                         matchScore: maybe { $0.score() },
                                         matchedFields: maybe { g in (0..<g.int(0...3)).map { _ in g.pick(Self.fieldNames) } },
                                         listedAction: maybe { $0.pick(WatchListAction.allCases) },
                                         requestedOutcome: maybe { $0.pick(TravelerAssessment.Outcome.allCases) },
                                         text: "Partial name match (Jaro-Winkler 0.91 on \(pick(Self.surnames))).")
                    },
                    extensions: extensions())
            }
            return RiskAssessment(header: header(), manifestMessageId: messageId("MAN"), assessedAt: timestamp(),
                                  assessments: assessments, extensions: extensions())
        }

        mutating func assistanceRequest() -> AssistanceRequest {
            let query: AssistanceQuery = chance(50)
                ? .byDocument(DocumentQuery(documentType: pick(DocumentType.allCases),
                                            documentNumber: string(Self.upper + Self.digits, 6...9), issuingState: pick(Self.countries)))
                : .byNameAndBirthDate(NameAndBirthDateQuery(surname: name(Self.surnames, words: 1...2),
                                                            givenNames: maybe { $0.name(Self.givenNames, words: 1...2) },
                                                            dateOfBirth: date(years: 1940...2010),
                                                            nationality: maybe { $0.pick(Self.countries) }))
            return AssistanceRequest(header: header(),
                                     legalBasis: "Customs Mutual Assistance Agreement United States - El Salvador, Art. 4",
                                     purpose: "Verify prior travel of a traveller referred for secondary inspection.",
                                     query: query, extensions: extensions())
        }

        mutating func assistanceResponse() -> AssistanceResponse {
            let result = pick(AssistanceResponse.Result.allCases)
            let records = result != .found ? [] : (0..<int(1...3)).map { index in
                AssistanceRecord(flight: FlightSummary(carrier: "TA", flightNumber: string(Self.digits, 3...3),
                                                       departureAirport: pick(Self.airports), arrivalAirport: pick(Self.airports),
                                                       scheduledDeparture: timestamp()),
                                 traveler: traveler(index: index))
            }
            return AssistanceResponse(header: header(), requestMessageId: messageId("AR"), result: result,
                                      denialReason: result == .denied ? "Outside the legal basis: purpose not covered by Art. 4." : nil,
                                      records: records, extensions: extensions())
        }

        mutating func envelope(depth: Int = 0) -> Envelope {
            let payloadKind = depth == 0 && chance(10) ? Kind.envelope : pick(Array(Kind.allCases.dropLast()))
            let payload = payloadKind == .envelope ? PaxMessage.envelope(envelope(depth: depth + 1)) : message(payloadKind)
            return Envelope(header: header(), payloadDigest: hex64(),
                            signature: Signature(bytes: (0..<64).map { _ in UInt8.random(in: 0...255, using: &random) }),
                            payload: payload)
        }

        mutating func message(_ kind: Kind) -> PaxMessage {
            switch kind {
            case .manifest: .manifest(manifest())
            case .acknowledgement: .acknowledgement(acknowledgement())
            case .riskAssessment: .riskAssessment(riskAssessment())
            case .assistanceRequest: .assistanceRequest(assistanceRequest())
            case .assistanceResponse: .assistanceResponse(assistanceResponse())
            case .envelope: .envelope(envelope())
            }
        }
    }
}
