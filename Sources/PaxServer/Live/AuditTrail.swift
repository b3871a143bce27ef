import Foundation
import PaxExchange
import PaxMessages

/// The audit records and archived traveller data of one agency step, derived from its
/// effects so they commit in the step's own transaction: every message in (with what became
/// of it), every message out, every refusal, and every answer that disclosed traveller data.
/// Names never go into audit records.
enum AuditTrail {
    static func events(for effects: [AgencyEffect], agency: String) -> [AuditEvent] {
        var events: [AuditEvent] = []
        for effect in effects {
            switch effect {
            case .commit(let transaction):
                for case .insertInbox(let record) in transaction.operations {
                    events.append(AuditEvent(kind: .messageIn, actor: record.sender, messageId: record.messageId,
                                             details: ["outcome": record.outcome.rawValue]))
                    if record.outcome.disclosedTravellerData {
                        events.append(disclosure(to: record))
                    }
                }
            case .send(let peer, let messageId, _, let kind):
                var details = ["to": peer]
                switch kind {
                case .request(let attempt): details["attempt"] = String(attempt)
                case .reply(let request): details["reply-to"] = request
                case .repeatedReply(let request): details["repeated-reply-to"] = request
                }
                events.append(AuditEvent(kind: .messageOut, actor: agency, messageId: messageId, details: details))
            case .refused(let rejection) where rejection.reason.isEnvelopeLevel:
                // Authenticated refusals (invalid payloads) are in the message-in record's outcome.
                events.append(AuditEvent(kind: .accessDenied, actor: "unauthenticated", messageId: rejection.claimedMessageId.map { String($0.prefix(128)) },
                                         details: ["reason": rejection.reason.rawValue]))
            case .refused(let rejection) where rejection.reason == .idReused:
                // An authenticated peer signed new bytes under an id it had used: refused, not applied.
                events.append(AuditEvent(kind: .accessDenied, actor: rejection.authenticatedSender ?? "unknown",
                                         messageId: rejection.claimedMessageId.map { String($0.prefix(128)) },
                                         details: ["reason": rejection.reason.rawValue]))
            case .duplicateSuppressed(let messageId):
                events.append(AuditEvent(kind: .messageIn, actor: agency, messageId: messageId, details: ["outcome": "duplicate-suppressed"]))
            case .refused, .setTimer, .alert:
                break
            }
        }
        return events
    }

    /// The `traveller-data-access` record of an assistance answer: who asked, and which
    /// travellers were disclosed (flight and traveller reference, read back from the signed
    /// reply itself, so the record names exactly what left the agency).
    static func disclosure(to record: InboxRecord) -> AuditEvent {
        var details = ["purpose": "mutual-assistance request",
                       "disclosed": "records bound for the requester's territory or submitted by it"]
        if let reply = record.reply, let message = try? WireFrame.decode(reply),
           case .assistanceResponse(let response)? = try? PaxMessage.decode(bytes: message.payload) {
            details["records"] = String(response.records.count)
            details["traveller_refs"] = response.records.map { disclosed in
                "\(disclosed.flight.carrier)\(disclosed.flight.flightNumber)@\(disclosed.flight.scheduledDeparture)/\(disclosed.traveler.reference)"
            }.joined(separator: ",")
        } else {
            details["records"] = "unknown (the reply could not be read back)"
        }
        return AuditEvent(kind: .travellerDataAccess, actor: record.sender, messageId: record.messageId, details: details)
    }

    /// Travellers of manifests this step first stored (received from a peer, submitted or
    /// recorded locally), for the retention-managed archive: it dates every traveller the
    /// agency holds, so retention reaches the agency's own manifests as well as received ones.
    static func archivedTravelers(in effects: [AgencyEffect], receivedAt: Date) -> [TravelerDataRecord] {
        var records: [TravelerDataRecord] = []
        for case .commit(let transaction) in effects {
            for case .putManifest(let manifest) in transaction.operations where Self.isFirstStore(manifest.state) {
                for traveler in manifest.travelers {
                    records.append(TravelerDataRecord(messageId: manifest.messageId, travellerRef: traveler.reference,
                                                      surname: traveler.surname, givenNames: traveler.givenNames ?? "",
                                                      contact: nil, receivedAt: receivedAt))
                }
            }
        }
        return records
    }

    /// The ids of every manifest a transaction writes (retention keeps masked ones masked).
    static func storedManifestIds(in transaction: StoreTransaction) -> [String] {
        transaction.operations.compactMap { operation in
            if case .putManifest(let manifest) = operation { return manifest.messageId }
            return nil
        }
    }

    /// States a manifest is first stored in (later writes only change its state).
    private static func isFirstStore(_ state: ManifestState) -> Bool {
        switch state {
        case .received, .submitted, .local: true
        case .delivered, .assessed, .rejected, .undeliverable, .unassessed: false
        }
    }
}
