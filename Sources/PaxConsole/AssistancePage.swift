import Foundation
import GRDB
import PaxExchange
import PaxMessages

/// Assistance: the requests this agency sent (legal basis, purpose, query, where each stands)
/// and the requests it answered (who asked, the authorisation decision and what was disclosed).
/// Queries name people, so the page is audited.
struct AssistancePage {
    struct Request: Sendable {
        var messageId: String
        var peer: String
        var sent: String
        var legalBasis: String
        var purpose: String
        var query: String
        var state: String
        var documentNumber: String?
        var surname: String?
        var dateOfBirth: String?

        func concerns(_ traveler: Traveler) -> Bool {
            if let documentNumber, traveler.documents.contains(where: { $0.number == documentNumber }) { return true }
            if let surname, let dateOfBirth {
                return surname.uppercased() == traveler.surname.uppercased() && dateOfBirth == traveler.dateOfBirth.description
            }
            return false
        }
    }
    struct Answer: Sendable {
        var requester: String
        var requestId: String
        var received: String
        var decision: String
        var reason: String
        var records: Int
    }
    struct View: Sendable {
        var requests: [Request]
        var hasRequests: Bool
        var answers: [Answer]
        var hasAnswers: Bool
    }

    /// The assistance requests this agency sent, newest first (at most 500).
    static func requests(_ data: ConsoleData) throws -> [Request] {
        try data.database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT message_id, receiver, frame, created_at_ms, state, purpose FROM exchange_outbox
                WHERE purpose LIKE '%assistanceRequest%' ORDER BY created_at_ms DESC LIMIT 500
                """).compactMap { row -> Request? in
                guard let purpose = try? JSONDecoder().decode(OutboxPurpose.self, from: row["purpose"] as Data),
                      purpose == .assistanceRequest else { return nil }
                var request = Request(messageId: row["message_id"] ?? "", peer: row["receiver"] ?? "",
                                      sent: ConsoleFormat.time(row["created_at_ms"] ?? 0), legalBasis: "(payload removed by retention)",
                                      purpose: "", query: "", state: row["state"] ?? "")
                if let frame = try? WireFrame.decode(Array(row["frame"] as Data)), !frame.payload.isEmpty,
                   case .assistanceRequest(let message)? = try? PaxMessage.decode(bytes: frame.payload) {
                    request.legalBasis = message.legalBasis
                    request.purpose = message.purpose
                    switch message.query {
                    case .byDocument(let query):
                        request.query = "document \(query.documentType.rawValue) \(query.documentNumber) (\(query.issuingState.rawValue))"
                        request.documentNumber = query.documentNumber
                    case .byNameAndBirthDate(let query):
                        request.query = "\(query.surname)\(query.givenNames.map { ", \($0)" } ?? ""), born \(query.dateOfBirth.description)"
                        request.surname = query.surname
                        request.dateOfBirth = query.dateOfBirth.description
                    }
                }
                return request
            }
        }
    }

    /// The requests this agency answered, newest first (at most 500).
    static func answers(_ data: ConsoleData) throws -> [Answer] {
        try data.database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT sender, message_id, received_at_ms, reply, outcome FROM exchange_inbox
                WHERE outcome LIKE 'assistance-%' ORDER BY received_at_ms DESC LIMIT 500
                """).map { row -> Answer in
                var answer = Answer(requester: row["sender"] ?? "", requestId: row["message_id"] ?? "",
                                    received: ConsoleFormat.time(row["received_at_ms"] ?? 0), decision: row["outcome"] ?? "",
                                    reason: "", records: 0)
                if let reply = row["reply"] as Data?, let frame = try? WireFrame.decode(Array(reply)),
                   case .assistanceResponse(let response)? = try? PaxMessage.decode(bytes: frame.payload) {
                    answer.decision = response.result.rawValue
                    answer.reason = response.denialReason ?? (response.result == .found ? "authorised: records bound for or submitted by the requester" : "")
                    answer.records = response.records.count
                }
                return answer
            }
        }
    }

    static func view(_ data: ConsoleData) throws -> View {
        let requests = try requests(data)
        let answers = try answers(data)
        return View(requests: requests, hasRequests: !requests.isEmpty, answers: answers, hasAnswers: !answers.isEmpty)
    }

    static let template = """
        <section aria-labelledby="sent-heading"><h2 id="sent-heading">Requests sent</h2>
        <table><caption>Assistance requests this agency sent</caption><thead><tr><th scope="col">Message id</th><th scope="col">To</th>
        <th scope="col">Sent</th><th scope="col">Legal basis</th><th scope="col">Purpose</th><th scope="col">Query</th><th scope="col">State</th></tr></thead>
        <tbody>{{#requests}}<tr><td><code>{{messageId}}</code></td><td>{{peer}}</td><td>{{sent}}</td><td>{{legalBasis}}</td><td>{{purpose}}</td>
        <td>{{query}}</td><td>{{state}}</td></tr>{{/requests}}{{^hasRequests}}<tr><td colspan="7">None yet.</td></tr>{{/hasRequests}}</tbody></table></section>
        <section aria-labelledby="answered-heading"><h2 id="answered-heading">Requests answered</h2>
        <table><caption>Assistance requests this agency answered, with the authorisation decision</caption><thead><tr><th scope="col">From</th>
        <th scope="col">Request id</th><th scope="col">Received</th><th scope="col">Decision</th><th scope="col">Reason</th><th scope="col">Records disclosed</th></tr></thead>
        <tbody>{{#answers}}<tr><td>{{requester}}</td><td><code>{{requestId}}</code></td><td>{{received}}</td><td>{{decision}}</td><td>{{reason}}</td>
        <td>{{records}}</td></tr>{{/answers}}{{^hasAnswers}}<tr><td colspan="6">None yet.</td></tr>{{/hasAnswers}}</tbody></table></section>
        """
}
