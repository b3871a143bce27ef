import PaxEDIFACT
import PaxMessages
import SafeXML

/// One traveller being read: segment group 4 (NAD FL/FM/DDU/DDT and what follows) with its
/// SG5 documents.
struct TravelerBuilder {
    let nad: Segment
    var kind = TravelerKind.passenger
    var surname = ""
    var givenNames: String?
    var address: Address?
    var gender: Gender?
    var dateOfBirth: CalendarDate?
    var birthSegment: Segment?
    var nationality: String?
    var residence: String?
    var placeOfBirth: String?
    var embarkation: String?
    var debarkation: String?
    var verified = false
    var seat: String?
    var recordLocator: String?
    var reference: String?
    var bagCount: Int?
    var bagTags: [String] = []
    var documents: [DocumentBuilder] = []
    var extensions: [XMLElement] = []
    var referenceDate = CalendarDate(year: 2000, month: 1, day: 1)!
    /// Where the traveller's fields came from, by element name of the XML model.
    var origins: [String: PAXLSTSourceMap.Origin] = [:]

    var inDocument: Bool { !documents.isEmpty }

    struct DocumentBuilder {
        let doc: Segment
        var type: DocumentType?
        var number: String
        var issuingState: String?
        var expiry: CalendarDate?
        var mrzLines: [String] = []
        var extensions: [XMLElement] = []
        var origins: [String: PAXLSTSourceMap.Origin] = [:]
    }

    private mutating func record(_ field: String, _ segment: Segment, element: Int? = nil, component: Int? = nil) {
        let origin = PAXLSTSourceMap.Origin(segment, element: element, component: component)
        if inDocument {
            documents[documents.count - 1].origins[field] = origin
        } else {
            origins[field] = origin
        }
    }

    init(nad: Segment) {
        self.nad = nad
    }

    mutating func start(mapping: inout MessageMapping) {
        referenceDate = mapping.referenceDate
        kind = PAXLSTCodes.kind(partyQualifier: nad[1]) ?? .passenger
        record("Kind", nad, element: 1)
        record("Surname", nad, element: 4, component: 1)
        record("GivenNames", nad, element: 4, component: 2)
        record("Address", nad, element: 5)
        let names = nad.elements.count >= 4 ? nad.elements[3] : []
        surname = names.first ?? ""
        let given = names.dropFirst().filter { !$0.isEmpty }.joined(separator: " ")
        givenNames = given.isEmpty ? nil : given
        if surname.isEmpty {
            mapping.report(.error, .missing, nad.position(element: 4, component: 1), "NAD", "traveller has no surname")
        }
        let street = nad.elements.count >= 5 ? nad.elements[4].filter { !$0.isEmpty }.joined(separator: " ") : ""
        let city = nad[6, 1]
        if !street.isEmpty || !city.isEmpty {
            address = Address(street: street.trimmingSpaces, city: city.trimmingSpaces,
                              postalCode: nad.value(8).map(\.trimmingSpaces), country: CountryCode(nad[9, 1]))
            if nad.elements.count >= 7, nad.elements[6].contains(where: { !$0.isEmpty }) {
                mapping.report(.warning, .unmappedSegment, nad.position(element: 7), "NAD",
                               "country subdivision '\(nad.elements[6].filter { !$0.isEmpty }.joined(separator: " "))' has no place in the model and is dropped")
            }
        }
    }

    /// Maps one SG4/SG5 segment; returns true when it has no place and must be kept as an extension.
    mutating func map(_ segment: Segment, mapping: inout MessageMapping) -> Bool {
        switch segment.tag {
        case "ATT" where segment[1] == "2":
            let code = segment[3, 1].trimmingSpaces
            gender = Gender(rawValue: code)
            record("Gender", segment, element: 3, component: 1)
            if gender == nil {
                mapping.report(.error, .invalidValue, segment.position(element: 3, component: 1), "ATT",
                               "gender '\(code)' is not M, F, X or U")
            }
        case "DTM" where segment[1, 1] == "329" && !inDocument:
            birthSegment = segment
            record("DateOfBirth", segment, element: 1, component: 2)
            dateOfBirth = PAXLSTDates.date(segment[1, 2], kind: .birth, reference: referenceDate)
            if dateOfBirth == nil {
                mapping.report(.error, .invalidValue, segment.position(element: 1, component: 2), "DTM",
                               "date of birth '\(segment[1, 2])' is not a date YYMMDD")
            }
        case "MEA" where segment[1] == "CT":
            let text = segment.value(3, 2) ?? segment[3, 1]
            guard let count = Int(text.trimmingSpaces), count >= 0 else {
                mapping.report(.error, .invalidValue, segment.position(element: 3, component: 2), "MEA", "bag count '\(text)' is not a number")
                return false
            }
            bagCount = count
            record("Bags", segment, element: 3, component: 2)
        case "GEI" where segment[1] == "4" && (segment[2, 1] == "173" || segment[2, 1] == "174"):
            verified = segment[2, 1] == "173"
            record("Verified", segment, element: 2, component: 1)
        case "FTX" where segment[1] == "BAG":
            guard let tags = Self.bagTags(first: segment[4, 1], count: segment[4, 2]) else { return true }
            bagTags += tags
            if origins["Bags"] == nil { record("Bags", segment, element: 4) }
        case "FTX" where segment[1] == "MRZ" && inDocument:
            let lines = segment.elements.count >= 4 ? segment.elements[3].filter { !$0.isEmpty } : []
            documents[documents.count - 1].mrzLines = lines
            record("MRZ", segment, element: 4)
        case "LOC" where !inDocument && ["174", "178", "179", "180"].contains(segment[1]):
            let value = segment[2, 1].trimmingSpaces
            let field = ["174": "CountryOfResidence", "178": "Embarkation", "179": "Debarkation"][segment[1]] ?? "PlaceOfBirth"
            record(field, segment, element: 2, component: field == "PlaceOfBirth" ? nil : 1)
            switch segment[1] {
            case "174": residence = value
            case "178": embarkation = value
            case "179": debarkation = value
            default:
                placeOfBirth = segment.value(2, 4)?.trimmingSpaces ?? value
                if segment.value(2, 4) != nil && !value.isEmpty {
                    mapping.report(.warning, .unmappedSegment, segment.position(element: 2, component: 1), "LOC",
                                   "country of birth '\(value)' has no place in the model and is dropped (place of birth kept)")
                }
            }
        case "NAT" where segment[1] == "2" || segment[1].isEmpty:
            nationality = segment[2, 1].trimmingSpaces
            record("Nationality", segment, element: 2, component: 1)
        case "RFF" where !inDocument:
            let value = segment[1, 2].trimmingSpaces
            switch segment[1, 1] {
            case "AVF":
                recordLocator = value
                record("RecordLocator", segment, element: 1, component: 2)
            case "SEA":
                seat = value
                record("Seat", segment, element: 1, component: 2)
            case "ABO" where Self.isTravelerReference(value):
                reference = value
                record("Reference", segment, element: 1, component: 2)
            default: return true
            }
        case "DOC":
            let type = PAXLSTCodes.documentType(segment[1, 1])
            if type == nil {
                mapping.report(.error, .invalidValue, segment.position(element: 1, component: 1), "DOC",
                               "document type '\(segment[1, 1])' is not one the model knows (P, V, I, A, C, L, AC, F, M)")
            }
            documents.append(DocumentBuilder(doc: segment, type: type, number: segment[2, 1].trimmingSpaces))
            record("Type", segment, element: 1, component: 1)
            record("Number", segment, element: 2, component: 1)
        case "DTM" where segment[1, 1] == "36" && inDocument:
            let expiry = PAXLSTDates.date(segment[1, 2], kind: .expiry, reference: referenceDate)
            if expiry == nil {
                mapping.report(.error, .invalidValue, segment.position(element: 1, component: 2), "DTM",
                               "expiry date '\(segment[1, 2])' is not a date YYMMDD")
            }
            documents[documents.count - 1].expiry = expiry
            record("ExpiryDate", segment, element: 1, component: 2)
        case "LOC" where segment[1] == "91" && inDocument:
            documents[documents.count - 1].issuingState = segment[2, 1].trimmingSpaces
            record("IssuingState", segment, element: 2, component: 1)
        default:
            return true
        }
        return false
    }

    /// `first` and `count` consecutive IATA licence plates (ten digits); nil when `first` is not one.
    static func bagTags(first: String, count: String) -> [String]? {
        let digits = Array(first.utf8)
        guard digits.count == 10, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let start = Int(first) else { return nil }
        let n = count.isEmpty ? 1 : Int(count) ?? 0
        guard n >= 1, n <= 999, start + n - 1 <= 9_999_999_999 else { return nil }
        return (0..<n).map { PAXLSTDates.pad(start + $0, 10) }
    }

    /// The traveller (nil when it lacks what the model requires) with where its fields came from.
    func traveler(index: Int, flight legs: [Leg],
                  diagnostics: inout [EDIFACTDiagnostic]) -> (Traveler, PAXLSTSourceMap.TravelerOrigins)? {
        func report(_ severity: EDIFACTDiagnostic.Severity, _ code: EDIFACTDiagnosticCode, _ message: String,
                    _ position: SourcePosition? = nil, tag: String = "NAD") {
            diagnostics.append(EDIFACTDiagnostic(severity, code, at: position ?? nad.position, tag: tag, message))
        }
        let who = "traveller \(index) (\(surname))"
        guard let dateOfBirth else {
            if birthSegment == nil { report(.error, .missing, "\(who) has no date of birth (DTM+329): left out of the manifest") }
            else { report(.error, .invalidValue, "\(who) has an invalid date of birth: left out of the manifest") }
            return nil
        }
        if gender == nil { report(.warning, .missing, "\(who) has no gender (ATT+2): read as U") }
        if nationality == nil { report(.error, .missing, "\(who) has no nationality (NAT+2)") }
        let origin = legs.first?.departureAirport ?? ""
        let destination = legs.last?.arrivalAirport ?? ""
        if embarkation == nil && !origin.isEmpty { report(.warning, .missing, "\(who) has no LOC+178: embarks at the flight's origin \(origin)") }
        if debarkation == nil && !destination.isEmpty { report(.warning, .missing, "\(who) has no LOC+179: leaves at the flight's destination \(destination)") }
        var built: [TravelDocument] = []
        var sources = PAXLSTSourceMap.TravelerOrigins(nad: PAXLSTSourceMap.Origin(nad))
        sources.fields = origins
        for document in documents {
            guard let type = document.type else { continue }
            guard let expiry = document.expiry else {
                report(.error, .missing, "\(who): document \(document.number) has no expiry date (DTM+36): left out",
                       document.doc.position, tag: "DOC")
                continue
            }
            if document.issuingState == nil {
                report(.error, .missing, "\(who): document \(document.number) has no issuing state (LOC+91)", document.doc.position, tag: "DOC")
            }
            var documentSources = PAXLSTSourceMap.DocumentOrigins(doc: PAXLSTSourceMap.Origin(document.doc))
            documentSources.fields = document.origins
            sources.documents.append(documentSources)
            built.append(TravelDocument(type: type, number: document.number, issuingState: CountryCode(document.issuingState ?? ""),
                                        expiryDate: expiry, mrzLines: document.mrzLines, extensions: document.extensions))
        }
        if built.isEmpty { report(.error, .missing, "\(who) has no usable travel document (DOC with DTM+36)") }
        var bags: Baggage?
        if let bagCount { bags = Baggage(count: bagCount, tags: bagTags) } else if !bagTags.isEmpty { bags = Baggage(tags: bagTags) }
        let validReference = reference.flatMap { Self.isTravelerReference($0) ? $0 : nil }
        if built.isEmpty, let first = documents.first { sources.fields["Documents"] = PAXLSTSourceMap.Origin(first.doc) }
        let traveler = Traveler(reference: validReference ?? "EDI-" + PAXLSTDates.pad(index, 4), kind: kind, surname: surname,
                        givenNames: givenNames, gender: gender ?? .unknown, dateOfBirth: dateOfBirth,
                        nationality: CountryCode(nationality ?? ""), countryOfResidence: residence.map { CountryCode($0) },
                        placeOfBirth: placeOfBirth, address: address, embarkation: embarkation ?? origin,
                        debarkation: debarkation ?? destination, verified: verified, seat: seat, bags: bags,
                        recordLocator: recordLocator, documents: built, extensions: extensions)
        return (traveler, sources)
    }

    static func isTravelerReference(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 35
            && text.utf8.allSatisfy { MessageMapping.isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }
}

extension String {
    /// Without leading and trailing spaces (senders pad values: `DTM+232: 1306212200`).
    var trimmingSpaces: String {
        var view = Substring(self)
        while view.first == " " { view = view.dropFirst() }
        while view.last == " " { view = view.dropLast() }
        return String(view)
    }
}
