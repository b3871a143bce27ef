import PaxEDIFACT
import PaxMessages
import SafeXML

/// The state of mapping one PAXLST message to a manifest, segment by segment.
struct MessageMapping {
    let message: EDIFACTMessage
    let options: PAXLSTReadOptions
    private(set) var diagnostics: [EDIFACTDiagnostic] = []
    private(set) var version = PAXLSTVersion.default

    private var listType = ListType.passenger
    private var function = MessageFunction.original
    private var messageId: String?
    private var originalMessageId: String?
    private var createdAt: Timestamp?
    private var reportingParty = ReportingParty(name: "")
    private var carrier = ""
    private var flightNumber = ""
    private var legs: [Leg] = []
    private var openDeparture: (airport: String, time: Timestamp?)?
    private var lastLocation: (qualifier: String, airport: String)?
    private var travelers: [TravelerBuilder] = []
    private var totals: (passengers: Int?, crew: Int?) = (nil, nil)
    private var extensions: [XMLElement] = []
    private var group = "SG0"
    /// Where each field came from (see `PAXLSTSourceMap`).
    private(set) var sources: PAXLSTSourceMap
    private var departureSegments: (loc: Segment, dtm: Segment?)?
    private var lastLocationSegment: Segment?

    init(message: EDIFACTMessage, options: PAXLSTReadOptions) {
        self.message = message
        self.options = options
        sources = PAXLSTSourceMap(message: PAXLSTSourceMap.Origin(tag: "UNH", position: message.header.position))
        sources.manifest[Self.path(["Header"])] = sources.message
    }

    /// The normalised source-map key of a manifest element: `path("Flight", "Carrier")`.
    static func path(_ steps: [String]) -> String {
        "/TravelerManifest[1]" + steps.map { $0.contains("[") ? "/" + $0 : "/" + $0 + "[1]" }.joined()
    }

    private mutating func record(_ segment: Segment, _ steps: String..., element: Int? = nil, component: Int? = nil) {
        let key = Self.path(steps)
        if sources.manifest[key] == nil { sources.manifest[key] = PAXLSTSourceMap.Origin(segment, element: element, component: component) }
    }

    /// The UTC date the message was made: two-digit years are placed relative to it.
    var referenceDate: CalendarDate {
        if let createdAt { return PAXLSTDates.utcDate(createdAt) }
        return CalendarDate(year: 2000 + (Int(message.interchange.date.prefix(2)) ?? 0),
                            month: Int(message.interchange.date.dropFirst(2).prefix(2)) ?? 1,
                            day: Int(message.interchange.date.dropFirst(4).prefix(2)) ?? 1)
            ?? CalendarDate(year: 2000, month: 1, day: 1)!
    }

    mutating func run() {
        if let known = PAXLSTVersion(release: message.header.release) {
            version = known
        } else {
            report(.warning, .invalidValue, message.header.position.at(element: 2, component: 3), "UNH",
                   "PAXLST release '\(message.header.release)' is not D02B, D05B or D15B; read as D05B")
        }
        createdAt = message.segments.first { $0.tag == "DTM" && $0[1, 1] == "137" }.flatMap { creation($0) }
        for segment in message.segments {
            map(segment)
        }
        closeLeg(at: nil)
    }

    // MARK: - Segments

    private mutating func map(_ segment: Segment) {
        let inTraveler = !travelers.isEmpty
        switch segment.tag {
        case "BGM" where !inTraveler: mapBGM(segment)
        case "RFF" where !inTraveler && segment[1, 1] == "TN":
            messageId = segment.value(1, 2)
            record(segment, "Header", "MessageId", element: 1, component: 2)
        case "RFF" where !inTraveler && segment[1, 1] == "ACW":
            originalMessageId = segment.value(1, 2)
            record(segment, "OriginalMessageId", element: 1, component: 2)
        case "DTM" where !inTraveler && group == "SG0" && segment[1, 1] == "137":
            record(segment, "Header", "CreatedAt", element: 1, component: 2)  // read in run()
        case "NAD" where segment[1] == "MS":
            group = "SG1"
            mapReportingParty(segment)
        case "COM" where group == "SG1": mapReportingContact(segment)
        case "TDT":
            group = "SG2"
            mapTDT(segment)
        case "LOC" where group == "SG2": mapFlightLocation(segment)
        case "DTM" where group == "SG2": mapFlightTime(segment)
        case "NAD" where PAXLSTCodes.kind(partyQualifier: segment[1]) != nil:
            closeLeg(at: nil)
            group = "SG4"
            record(segment, "Travelers")
            startTraveler(segment)
        case "CNT": mapCNT(segment)
        default:
            if inTraveler && (group == "SG4" || group == "SG5") {
                var builder = travelers.removeLast()
                let keep = builder.map(segment, mapping: &self)
                travelers.append(builder)
                if keep { keepTravelerSegment(segment) }
            } else {
                keep(segment)
            }
        }
    }

    private mutating func mapBGM(_ segment: Segment) {
        record(segment, "ListType", element: 1, component: 1)
        record(segment, "MessageFunction", element: 2, component: 1)
        if let list = PAXLSTCodes.listType(documentName: segment[1, 1]) {
            listType = list
        } else {
            report(.error, .invalidValue, segment.position(element: 1, component: 1), "BGM",
                   "document name '\(segment[1, 1])' is neither 745 (passenger list) nor 250 (crew list)")
        }
        if let mapped = PAXLSTCodes.function(documentIdentifier: segment[2, 1]) {
            function = mapped
        } else {
            report(.warning, .unmappedSegment, segment.position(element: 2, component: 1), "BGM",
                   "document identifier '\(segment[2, 1])' has no message function in the model; read as Original and kept")
            keep(segment)
        }
    }

    private mutating func mapReportingParty(_ segment: Segment) {
        record(segment, "ReportingParty")
        record(segment, "ReportingParty", "Name", element: 4)
        let name = segment.elements.count >= 4 ? segment.elements[3].filter { !$0.isEmpty }.joined(separator: " ") : ""
        reportingParty.name = name.isEmpty ? segment[2, 1] : name
        if reportingParty.name.isEmpty {
            report(.error, .missing, segment.position(element: 4), "NAD", "reporting party (NAD+MS) has no name")
        }
    }

    private mutating func mapReportingContact(_ segment: Segment) {
        var rest: [[String]] = []
        for element in segment.elements {
            let number = element.first ?? ""
            let qualifier = element.count > 1 ? element[1] : ""
            if qualifier == "TE", reportingParty.phone == nil {
                reportingParty.phone = number
                record(segment, "ReportingParty", "Phone")
            } else if qualifier == "EM", reportingParty.email == nil {
                reportingParty.email = Self.email(number)
                record(segment, "ReportingParty", "Email")
            } else {
                rest.append(element)
            }
        }
        if !rest.isEmpty { keep(Segment("COM", rest, position: segment.position)) }
    }

    /// UNOA has no `@`: senders write `.AT.`; spaces around it are transmission noise.
    static func email(_ text: String) -> String {
        guard text.contains(".AT.") else { return text }
        return text.replacingOccurrences(of: ".AT.", with: "@").replacingOccurrences(of: " ", with: "")
    }

    private mutating func mapTDT(_ segment: Segment) {
        closeLeg(at: nil)
        record(segment, "Flight")
        record(segment, "Flight", "Carrier", element: 2, component: 1)
        record(segment, "Flight", "FlightNumber", element: 2, component: 1)
        let identifier = segment[2, 1].replacingOccurrences(of: " ", with: "")
        let declared = segment[5, 1]
        var carrierCode = declared
        var number = identifier
        if !declared.isEmpty, identifier.hasPrefix(declared) {
            number = String(identifier.dropFirst(declared.count))
        } else if identifier.count > 2 {
            carrierCode = String(identifier.prefix(2))
            number = String(identifier.dropFirst(2))
        }
        if carrier.isEmpty {
            carrier = carrierCode
            flightNumber = number
        } else if carrier != carrierCode || flightNumber != number {
            report(.warning, .unmappedSegment, segment.position(element: 2), "TDT",
                   "leg flown as \(identifier) while the flight is \(carrier)\(flightNumber): kept as one flight")
        }
        if identifier.isEmpty {
            report(.error, .missing, segment.position(element: 2, component: 1), "TDT", "transport identification (flight) is missing")
        }
        if segment[1] != "20" {
            report(.warning, .invalidValue, segment.position(element: 1), "TDT", "transport stage '\(segment[1])' is not 20 (main carriage)")
        }
    }

    private mutating func mapFlightLocation(_ segment: Segment) {
        let qualifier = segment[1]
        let airport = segment[2, 1]
        guard ["125", "87", "92"].contains(qualifier) else {
            keep(segment)
            return
        }
        if airport.isEmpty {
            report(.error, .missing, segment.position(element: 2, component: 1), "LOC", "airport code is missing")
        }
        lastLocation = (qualifier, airport)
        lastLocationSegment = segment
        let isDeparture = qualifier == "125" || (qualifier == "92" && openDeparture == nil)
        if isDeparture {
            closeLeg(at: nil)
            openDeparture = (airport, nil)
            departureSegments = (segment, nil)
        }
    }

    private mutating func mapFlightTime(_ segment: Segment) {
        let qualifier = segment[1, 1]
        guard let location = lastLocation, qualifier == "189" || qualifier == "232" else {
            keep(segment)
            return
        }
        let time = localTimestamp(segment, airport: location.airport)
        if qualifier == "189" {
            if openDeparture == nil || openDeparture?.airport != location.airport {
                openDeparture = (location.airport, nil)
                departureSegments = lastLocationSegment.map { ($0, nil) }
            }
            openDeparture?.time = time
            departureSegments?.dtm = segment
        } else {
            closeLeg(at: (location.airport, time, segment))
        }
    }

    private mutating func closeLeg(at arrival: (airport: String, time: Timestamp?, segment: Segment)?) {
        guard let arrival else { return }
        guard let departure = openDeparture else {
            report(.error, .missing, arrival.segment.position, "LOC", "arrival at \(arrival.airport) without a departure (LOC 125/92 with DTM 189)")
            return
        }
        openDeparture = nil
        guard let leaves = departure.time, let lands = arrival.time else {
            report(.error, .missing, arrival.segment.position, "DTM",
                   "leg \(departure.airport)-\(arrival.airport) lacks a departure (DTM 189) or arrival (DTM 232) time")
            return
        }
        let leg = "Leg[\(legs.count + 1)]"
        if let (loc, dtm) = departureSegments {
            record(loc, "Flight", "Legs", leg)
            record(loc, "Flight", "Legs", leg, "DepartureAirport", element: 2, component: 1)
            if let dtm { record(dtm, "Flight", "Legs", leg, "ScheduledDeparture", element: 1, component: 2) }
        }
        if let loc = lastLocationSegment { record(loc, "Flight", "Legs", leg, "ArrivalAirport", element: 2, component: 1) }
        record(arrival.segment, "Flight", "Legs", leg, "ScheduledArrival", element: 1, component: 2)
        departureSegments = nil
        legs.append(Leg(sequence: legs.count + 1, departureAirport: departure.airport, scheduledDeparture: leaves,
                        arrivalAirport: arrival.airport, scheduledArrival: lands))
    }

    private mutating func localTimestamp(_ segment: Segment, airport: String) -> Timestamp? {
        guard let local = PAXLSTDates.localTime(segment[1, 2]) else {
            report(.error, .invalidValue, segment.position(element: 1, component: 2), "DTM",
                   "'\(segment[1, 2])' is not a date and time YYMMDDHHMM")
            return nil
        }
        var offset = options.clock.utcOffsetMinutes(airport: airport, localDate: local.date, hour: local.hour, minute: local.minute)
        if offset == nil {
            report(.warning, .invalidValue, segment.position(element: 1, component: 2), "DTM",
                   "no UTC offset known for airport \(airport): its local time is read as UTC")
            offset = 0
        }
        let utcOffset = offset == 0 ? UTCOffset.utc : UTCOffset(minutes: offset ?? 0) ?? .utc
        return Timestamp(localDate: local.date, hour: local.hour, minute: local.minute, second: local.second, utcOffset: utcOffset)
    }

    private func creation(_ segment: Segment) -> Timestamp? {
        guard let local = PAXLSTDates.localTime(segment[1, 2]) else { return nil }
        return Timestamp(localDate: local.date, hour: local.hour, minute: local.minute, second: local.second)
    }

    private mutating func mapCNT(_ segment: Segment) {
        guard let count = Int(segment[1, 2]) else {
            report(.error, .invalidValue, segment.position(element: 1, component: 2), "CNT", "control total '\(segment[1, 2])' is not a number")
            return
        }
        record(segment, "Totals")
        switch segment[1, 1] {
        case "42":
            totals.passengers = count
            record(segment, "Totals", "Passengers", element: 1, component: 2)
        case "41":
            totals.crew = count
            record(segment, "Totals", "Crew", element: 1, component: 2)
        default: keep(segment)
        }
    }

    private mutating func startTraveler(_ segment: Segment) {
        var builder = TravelerBuilder(nad: segment)
        builder.start(mapping: &self)
        travelers.append(builder)
    }

    // MARK: - Keeping and reporting

    /// Keeps a segment with no place in the model as a manifest extension element.
    mutating func keep(_ segment: Segment) {
        extensions.append(EDIFACTExtension.element(for: segment, group: group))
        report(.warning, .unmappedSegment, segment.position, segment.tag,
               "\(segment.tag)\(segment[1, 1].isEmpty ? "" : "+" + segment[1, 1]) has no place in the model: kept as an extension element")
    }

    private mutating func keepTravelerSegment(_ segment: Segment) {
        guard var builder = travelers.popLast() else { return }
        builder.extensions.append(EDIFACTExtension.element(for: segment, group: builder.inDocument ? "SG5" : "SG4"))
        travelers.append(builder)
        report(.warning, .unmappedSegment, segment.position, segment.tag,
               "\(segment.tag)\(segment[1, 1].isEmpty ? "" : "+" + segment[1, 1]) has no place in the model: kept as an extension element of the traveller")
    }

    mutating func report(_ severity: EDIFACTDiagnostic.Severity, _ code: EDIFACTDiagnosticCode, _ position: SourcePosition,
                         _ tag: String, _ message: String) {
        diagnostics.append(EDIFACTDiagnostic(severity, code, at: position, tag: tag, message))
    }

    // MARK: - Result

    mutating func result() -> TravelerManifest {
        var manifestExtensions = extensions
        let interchange = message.interchange
        let sender = Self.isAgency(interchange.sender.id) ? interchange.sender.id : options.sender
        let receiver = Self.isAgency(interchange.recipient.id) ? interchange.recipient.id : options.receiver
        if sender != interchange.sender.id || receiver != interchange.recipient.id {
            manifestExtensions.insert(EDIFACTExtension.element(for: interchange.segment, group: "UNB"), at: 0)
        }
        let correlation = message.header.commonAccessReference
        if !correlation.isEmpty && !Self.isMessageId(correlation) {
            manifestExtensions.insert(EDIFACTExtension.element(for: message.header.segment, group: "UNH"), at: 0)
        }
        let created = createdAt ?? Timestamp(localDate: referenceDate,
                                             hour: Int(interchange.time.prefix(2)) ?? 0,
                                             minute: Int(interchange.time.dropFirst(2).prefix(2)) ?? 0, second: 0) ?? Timestamp(
            localDate: referenceDate, hour: 0, minute: 0, second: 0)!
        var id = messageId ?? ""
        if !Self.isMessageId(id) {
            id = Self.sanitizedId("EDI-\(interchange.controlReference)-\(message.header.reference)")
        }
        let header = PaxMessages.MessageHeader(messageId: id, correlationId: Self.isMessageId(correlation) ? correlation : nil,
                                               sender: sender, receiver: receiver, createdAt: created)
        var built: [Traveler] = []
        for (index, builder) in travelers.enumerated() {
            if let (traveler, origins) = builder.traveler(index: index + 1, flight: legs, diagnostics: &diagnostics) {
                built.append(traveler)
                sources.travelers.append(origins)
            }
        }
        let counted = Totals(counting: built)
        let totals = Totals(passengers: self.totals.passengers ?? (self.totals.crew == nil ? counted.passengers : 0),
                            crew: self.totals.crew ?? (self.totals.passengers == nil ? counted.crew : 0))
        return TravelerManifest(header: header, function: function, originalMessageId: originalMessageId, listType: listType,
                                flight: Flight(carrier: carrier, flightNumber: flightNumber, legs: legs),
                                reportingParty: reportingParty, travelers: built, totals: totals, extensions: manifestExtensions)
    }

    static func isAgency(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 5, bytes.count <= 15, bytes[2] == UInt8(ascii: "-") else { return false }
        return bytes[0..<2].allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
            && bytes[3...].allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    static func isMessageId(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 8, bytes.count <= 64, let first = bytes.first, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
            || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "-") }
    }

    static func sanitizedId(_ text: String) -> String {
        let kept = String(text.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (isAlphanumeric(UInt8(scalar.value)) || ".:_-".unicodeScalars.contains(scalar)) ? Character(scalar) : "-"
        }.prefix(64))
        return kept.count >= 8 ? kept : kept + String(repeating: "0", count: 8 - kept.count)
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
