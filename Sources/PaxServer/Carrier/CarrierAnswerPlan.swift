import Foundation
import PaxEDIFACT
import PaxEDIFACTMapping
import PaxExchange
import PaxMessages

/// What a CUSRES for one carrier list needs, kept from the moment the list is accepted until
/// its assessment returns: the PAXLST's transaction reference, its flight legs and its
/// travellers' references and record locators. No names or documents: it is stored beside the
/// carrier's interchange and outlives the traveller-data retention period.
struct CarrierAnswerPlan: Sendable, Codable, Equatable {
    struct Leg: Sendable, Codable, Equatable {
        var flight: String
        var departure: String
        var departureAirport: String
        var arrivalAirport: String
    }

    struct TravelerKey: Sendable, Codable, Equatable {
        var reference: String
        var recordLocator: String?
    }

    var transactionReference: String
    var legs: [Leg]
    var travelers: [TravelerKey]
    /// The PAXLST directory the carrier wrote (the CUSRES answers in the same).
    var version: String

    init(manifest: TravelerManifest, version: PAXLSTVersion) {
        let shape = CUSRESResponse(answering: manifest, with: RiskAssessment(
            header: manifest.header, manifestMessageId: manifest.header.messageId, assessedAt: manifest.header.createdAt,
            assessments: []))
        transactionReference = shape.transactionReference
        legs = shape.legs.map { Leg(flight: $0.flight, departure: $0.departure, departureAirport: $0.departureAirport,
                                    arrivalAirport: $0.arrivalAirport) }
        travelers = shape.travelers.map { TravelerKey(reference: $0.reference, recordLocator: $0.recordLocator) }
        self.version = version.rawValue
    }

    /// The answer once the manifest is settled: per traveller ERC 0Z board (cleared), 2Z
    /// advisory (inspect), 1Z do not board (no-board), 4Z insufficient data (not assessed);
    /// `problem`, when the manifest was never assessed (refused, undeliverable, no assessment
    /// in time), as an ERP+1 message-level error with every traveller 4Z.
    func response(outcomes: [String: TravelerAssessment.Outcome], problem: String?) -> CUSRESResponse {
        let answers = travelers.map { traveler -> CUSRESResponse.TravelerAnswer in
            let decision: CUSRESResponse.Decision
            let text: String?
            switch problem == nil ? outcomes[traveler.reference] : nil {
            case .cleared?: (decision, text) = (.board, nil)
            case .inspect?: (decision, text) = (.advisory, "REFER TO BORDER AGENCY")
            case .noBoard?: (decision, text) = (.doNotBoard, "DO NOT BOARD")
            case nil: (decision, text) = (.insufficientData, "NOT ASSESSED")
            }
            return CUSRESResponse.TravelerAnswer(recordLocator: traveler.recordLocator, reference: traveler.reference,
                                                 decision: decision, text: text)
        }
        let errors = problem.map { [CUSRESResponse.MessageError(code: CUSRESResponse.Decision.insufficientData.rawValue,
                                                                  text: String($0.uppercased().prefix(350)))] } ?? []
        return CUSRESResponse(transactionReference: transactionReference,
                              legs: legs.map { CUSRESResponse.FlightLeg(flight: $0.flight, departure: $0.departure,
                                                                        departureAirport: $0.departureAirport,
                                                                        arrivalAirport: $0.arrivalAirport) },
                              errors: errors, travelers: answers)
    }

    /// The CUSRES interchange from `agency` to `carrier`.
    func interchange(_ response: CUSRESResponse, agency: String, carrier: String, controlReference: String,
                     now: Date) -> [UInt8]? {
        let (date, time) = CarrierInterchangeReading.stamp(now)
        return try? response.interchange(sender: agency, recipient: carrier, reference: controlReference, date: date, time: time,
                                         version: PAXLSTVersion(rawValue: version) ?? .default)
    }

    /// Why a settled manifest has no assessment to answer with (nil when assessed).
    static func problem(for state: ManifestState, peer: String) -> String? {
        switch state {
        case .assessed: nil
        case .rejected: "manifest refused by \(peer)"
        case .undeliverable: "\(peer) could not be reached"
        case .unassessed: "no risk assessment from \(peer) in time"
        case .submitted, .delivered, .received, .local: "not settled"
        }
    }
}
