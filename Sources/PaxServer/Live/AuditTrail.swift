import Foundation
import PaxExchange

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
                        events.append(AuditEvent(kind: .travellerDataAccess, actor: record.sender, messageId: record.messageId,
                                                 details: ["purpose": "mutual-assistance request", "disclosed": "records bound for the requester's territory or submitted by it"]))
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

    /// Travellers of manifests this step accepted from a peer, for the retention-managed archive.
    static func archivedTravelers(in effects: [AgencyEffect], receivedAt: Date) -> [TravelerDataRecord] {
        var records: [TravelerDataRecord] = []
        for case .commit(let transaction) in effects {
            for case .putManifest(let manifest) in transaction.operations where manifest.state == .received {
                for traveler in manifest.travelers {
                    records.append(TravelerDataRecord(messageId: manifest.messageId, travellerRef: traveler.reference,
                                                      surname: traveler.surname, givenNames: traveler.givenNames ?? "",
                                                      contact: nil, receivedAt: receivedAt))
                }
            }
        }
        return records
    }
}
