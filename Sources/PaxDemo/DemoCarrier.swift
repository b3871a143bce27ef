import Foundation
import PaxEDIFACT
import PaxEDIFACTMapping
import PaxMessages
import PaxServer
import PaxSimulation

/// The airline in `paxsim demo`: one of the first agency's flights (one with a planted subject
/// when there is one) does not go straight into that agency's exchange, but reaches it the way
/// airlines send it: as a UN/EDIFACT PAXLST interchange posted to the agency's carrier API. The
/// carrier prints the CONTRL it gets at once and, once the peer's risk assessment is back, the
/// CUSRES: board (0Z), do not board (1Z), advisory (2Z) or insufficient data (4Z) per traveller.
struct DemoCarrier: Sendable {
    /// The carrier's id: the flight's IATA designator.
    let carrier: String
    /// The departure agency the carrier sends to, and the peer its manifests go to.
    let agency: String
    let peer: String
    /// The flight's manifest, as the generator made it.
    let submission: Traffic.Submission
    /// Travellers planted on the watch list in this flight.
    let planted: Set<String>
    /// The bearer token, and its SHA-256 for the agency's configuration.
    let token: String

    /// The carrier's flight among the first agency's submissions, or nil when it has none.
    static func choose(traffic: Traffic) -> DemoCarrier? {
        let ids = traffic.agencies.map(\.id)
        guard ids.count == 2 else { return nil }
        let own = traffic.submissions.filter { $0.submitter == ids[0] }
        let plantedIds = Set(traffic.plants.map(\.manifestId))
        guard let chosen = own.first(where: { plantedIds.contains($0.manifest.header.messageId) }) ?? own.first,
              CarrierAccount.isValidCarrierId(chosen.manifest.flight.carrier) else { return nil }
        let planted = Set(traffic.plants.filter { $0.manifestId == chosen.manifest.header.messageId }.map(\.travelerReference))
        return DemoCarrier(carrier: chosen.manifest.flight.carrier, agency: ids[0], peer: ids[1], submission: chosen,
                           planted: planted, token: CarrierAccount.makeToken())
    }

    /// The departure agency's `carriers` entry.
    var account: [String: Any] {
        ["carrier": carrier, "tokenSha256": CarrierAccount.digestHex(ofToken: token), "peer": peer]
    }

    /// What the carrier got back.
    struct Outcome: Sendable {
        var carrier: String
        var flight: String
        /// The CONTRL's action (`7` acknowledged, `4` rejected), nil without a CONTRL.
        var contrl: ControlReport.Action?
        /// Travellers by CUSRES decision.
        var decisions: [CUSRESResponse.Decision: Int] = [:]
        /// Planted subjects, and how many the CUSRES says not to board or flags as advisory.
        var planted = 0
        var plantedFlagged = 0
        /// Travellers flagged who were not planted.
        var othersFlagged = 0
        var answered: Bool { contrl == .acknowledged && !decisions.isEmpty }
        var succeeded: Bool { answered && plantedFlagged == planted }
    }

    /// Posts the flight as PAXLST to the agency listening on `port`, prints the CONTRL, waits
    /// for the CUSRES and prints its answers.
    func run(port: Int, timeout: Duration, emit: @Sendable (String) -> Void) async throws -> Outcome {
        let manifest = submission.manifest
        let flight = manifest.flight.carrier + manifest.flight.flightNumber
        var outcome = Outcome(carrier: carrier, flight: flight, planted: planted.count)
        let interchange = try PAXLSTWriter().write(manifest)
        let client = CarrierClient(configuration: .init(carrier: carrier, agencyURL: "http://127.0.0.1:\(port)", token: token))
        do {
            let sent = try await client.send(interchange)
            outcome.contrl = sent.report?.action
            guard sent.status == 200 || sent.status == 202, let reference = sent.reference, sent.report?.action == .acknowledged else {
                emit("carrier \(carrier) → \(agency)  PAXLST \(flight): refused (HTTP \(sent.status)\(sent.error.map { ", \($0.prefix(200))" } ?? ""))")
                await client.shutdown()
                return outcome
            }
            emit("carrier \(carrier) → \(agency)  PAXLST \(flight) (\(manifest.travelers.count) travellers, \(interchange.count) bytes): CONTRL acknowledged, reference \(reference)")
            let fetched = try await client.waitForResponse(reference: reference, timeout: timeout)
            await client.shutdown()
            guard case .ready(_, let response?) = fetched else {
                emit("carrier \(carrier) ← \(agency)  no CUSRES for \(reference) (\(fetched))")
                return outcome
            }
            for answer in response.travelers {
                outcome.decisions[answer.decision, default: 0] += 1
                let flagged = answer.decision == .doNotBoard || answer.decision == .advisory
                if planted.contains(answer.reference) {
                    if flagged { outcome.plantedFlagged += 1 }
                } else if flagged {
                    outcome.othersFlagged += 1
                }
                if answer.decision != .board {
                    emit("carrier \(carrier) ← \(agency)  CUSRES \(flight): traveller \(answer.reference) \(Self.words(answer.decision))"
                         + (planted.contains(answer.reference) ? " (a planted watch-list subject)" : ""))
                }
            }
            emit("carrier \(carrier) ← \(agency)  CUSRES \(flight): " + Self.tally(outcome.decisions))
        } catch {
            await client.shutdown()
            throw error
        }
        return outcome
    }

    /// `22 board (0Z), 1 do not board (1Z)`.
    static func tally(_ decisions: [CUSRESResponse.Decision: Int]) -> String {
        CUSRESResponse.Decision.allCases.compactMap { decision in
            decisions[decision].map { "\($0) \(words(decision))" }
        }.joined(separator: ", ")
    }

    static func words(_ decision: CUSRESResponse.Decision) -> String {
        switch decision {
        case .board: "board (0Z)"
        case .doNotBoard: "do not board (1Z)"
        case .advisory: "advisory (2Z)"
        case .insufficientData: "insufficient data (4Z)"
        }
    }
}
