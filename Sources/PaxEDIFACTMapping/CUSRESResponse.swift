public import PaxEDIFACT
public import PaxMessages

/// A CUSRES answer to an interactive-API PAXLST (BGM 962): the PAXLST's RFF+TN echoed, each
/// flight leg (RFF+AF, DTM 189, LOC 125/87), message-level errors (ERP+1 with ERC and FTX) and
/// one ERP+2 per traveller with RFF+AVF/ABO, ERC 0Z board / 1Z do not board / 2Z advisory /
/// 4Z insufficient data, and FTX text.
public struct CUSRESResponse: Sendable, Hashable {
    /// Board decision codes (ERC 9321).
    public enum Decision: String, Sendable, Hashable, CaseIterable {
        case board = "0Z"
        case doNotBoard = "1Z"
        case advisory = "2Z"
        case insufficientData = "4Z"
    }

    public struct FlightLeg: Sendable, Hashable {
        /// Carrier and flight number, e.g. `TA570`.
        public var flight: String
        /// Local departure `YYMMDDHHMM`.
        public var departure: String
        public var departureAirport: String
        public var arrivalAirport: String

        public init(flight: String, departure: String, departureAirport: String, arrivalAirport: String) {
            self.flight = flight
            self.departure = departure
            self.departureAirport = departureAirport
            self.arrivalAirport = arrivalAirport
        }
    }

    public struct TravelerAnswer: Sendable, Hashable {
        public var recordLocator: String?
        public var reference: String
        public var decision: Decision
        public var text: String?

        public init(recordLocator: String? = nil, reference: String, decision: Decision, text: String? = nil) {
            self.recordLocator = recordLocator
            self.reference = reference
            self.decision = decision
            self.text = text
        }
    }

    public struct MessageError: Sendable, Hashable {
        public var code: String
        public var text: String

        public init(code: String, text: String) {
            self.code = code
            self.text = text
        }
    }

    public var transactionReference: String
    public var legs: [FlightLeg]
    public var errors: [MessageError]
    public var travelers: [TravelerAnswer]

    public init(transactionReference: String, legs: [FlightLeg], errors: [MessageError] = [], travelers: [TravelerAnswer]) {
        self.transactionReference = transactionReference
        self.legs = legs
        self.errors = errors
        self.travelers = travelers
    }

    /// The answer to `manifest` from `assessment`: Cleared → 0Z, Inspect → 2Z, NoBoard → 1Z,
    /// a traveller the assessment does not cover → 4Z. The FTX carries the reasons' texts.
    public init(answering manifest: TravelerManifest, with assessment: RiskAssessment) {
        var byReference: [String: TravelerAssessment] = [:]
        for item in assessment.assessments { byReference[item.travelerReference] = item }
        let legs = manifest.flight.legs.map { leg in
            FlightLeg(flight: manifest.flight.carrier + manifest.flight.flightNumber,
                      departure: PAXLSTDates.write(local: leg.scheduledDeparture)[0],
                      departureAirport: leg.departureAirport, arrivalAirport: leg.arrivalAirport)
        }
        let answers = manifest.travelers.map { traveler -> TravelerAnswer in
            guard let item = byReference[traveler.reference] else {
                return TravelerAnswer(recordLocator: traveler.recordLocator, reference: traveler.reference,
                                      decision: .insufficientData, text: "NOT ASSESSED")
            }
            let decision: Decision = switch item.outcome {
            case .cleared: .board
            case .inspect: .advisory
            case .noBoard: .doNotBoard
            }
            let text = item.reasons.map(\.text).joined(separator: "; ")
            return TravelerAnswer(recordLocator: traveler.recordLocator, reference: traveler.reference, decision: decision,
                                  text: text.isEmpty ? nil : String(text.prefix(350)))
        }
        self.init(transactionReference: manifest.header.messageId, legs: legs, travelers: answers)
    }

    /// The CUSRES body segments (between UNH and UNT).
    public var segments: [Segment] {
        var result = [Segment("BGM", [["962"]]), Segment("RFF", [["TN", transactionReference]])]
        for leg in legs {
            result.append(Segment("RFF", [["AF", leg.flight]]))
            result.append(Segment("DTM", [["189", leg.departure, "201"]]))
            result.append(Segment("LOC", [["125"], [leg.departureAirport]]))
            result.append(Segment("LOC", [["87"], [leg.arrivalAirport]]))
        }
        for error in errors {
            result.append(Segment("ERP", [["1"]]))
            result.append(Segment("ERC", [[error.code]]))
            result.append(Segment("FTX", [["AAP"], [""], [""], [error.text]]))
        }
        for traveler in travelers {
            result.append(Segment("ERP", [["2"]]))
            if let locator = traveler.recordLocator { result.append(Segment("RFF", [["AVF", locator]])) }
            result.append(Segment("RFF", [["ABO", traveler.reference]]))
            result.append(Segment("ERC", [[traveler.decision.rawValue]]))
            if let text = traveler.text { result.append(Segment("FTX", [["AAP"], [""], [""], [text]])) }
        }
        return result
    }

    /// The response read back from a CUSRES message; nil when it is not one.
    public init?(_ message: EDIFACTMessage) {
        guard message.header.type == "CUSRES", message.segments.first?.tag == "BGM",
              message.segments.first?[1, 1] == "962" else { return nil }
        self.init(transactionReference: "", legs: [], travelers: [])
        var level = 0
        for segment in message.segments.dropFirst() {
            switch (segment.tag, segment[1, 1]) {
            case ("RFF", "TN"): transactionReference = segment[1, 2]
            case ("RFF", "AF"): legs.append(FlightLeg(flight: segment[1, 2], departure: "", departureAirport: "", arrivalAirport: ""))
            case ("DTM", "189") where level == 0 && !legs.isEmpty: legs[legs.count - 1].departure = segment[1, 2]
            case ("LOC", "125") where level == 0 && !legs.isEmpty: legs[legs.count - 1].departureAirport = segment[2, 1]
            case ("LOC", "87") where level == 0 && !legs.isEmpty: legs[legs.count - 1].arrivalAirport = segment[2, 1]
            case ("ERP", "1"):
                level = 1
                errors.append(MessageError(code: "", text: ""))
            case ("ERP", "2"):
                level = 2
                travelers.append(TravelerAnswer(reference: "", decision: .insufficientData))
            case ("RFF", "AVF") where level == 2: travelers[travelers.count - 1].recordLocator = segment[1, 2]
            case ("RFF", "ABO") where level == 2: travelers[travelers.count - 1].reference = segment[1, 2]
            case ("ERC", _) where level == 2:
                guard let decision = Decision(rawValue: segment[1, 1]) else { return nil }
                travelers[travelers.count - 1].decision = decision
            case ("ERC", _) where level == 1: errors[errors.count - 1].code = segment[1, 1]
            case ("FTX", _) where level == 2: travelers[travelers.count - 1].text = segment[4, 1]
            case ("FTX", _) where level == 1: errors[errors.count - 1].text = segment[4, 1]
            default: return nil
            }
        }
    }

    /// A complete CUSRES interchange from `sender` to `recipient`.
    public func interchange(sender: String, recipient: String, reference: String, date: String, time: String,
                            version: PAXLSTVersion = .default) throws(EDIFACTError) -> [UInt8] {
        var builder = try InterchangeBuilder(
            header: InterchangeHeader(syntax: "UNOA", sender: PartyIdentification(id: sender),
                                      recipient: PartyIdentification(id: recipient), date: date, time: time,
                                      controlReference: reference))
        try builder.begin(MessageHeader(reference: reference, type: "CUSRES", release: version.release, associationCode: "IATA"))
        for segment in segments { try builder.write(segment) }
        try builder.end()
        return try builder.finish()
    }
}
