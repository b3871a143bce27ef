import Foundation
import GRDB
import PaxExchange
import PaxMessages
import PaxServer
import Synchronization

/// Assistance: the requests this agency sent (legal basis, purpose, query, where each stands)
/// and the requests it answered (who asked, the authorisation decision and what was disclosed).
/// Queries name people, so the page is audited. Requests sent: 50 per page by index; answers:
/// the latest 50 by index (the inbox keeps only the dedup window).
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
        var pager: Pager
        var answers: [Answer]
        var hasAnswers: Bool
        var answered: Int
    }

    /// Requests per page of the Assistance page.
    static let pageSize = 50
    /// How many of the latest requests the traveller page searches for requests about the traveller.
    static let searchedForTraveller = 500

    /// The outbox `purpose` of an assistance request, as the store writes it (indexed with the creation time).
    static let requestPurpose: Data = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(OutboxPurpose.assistanceRequest)) ?? Data()
    }()

    /// How many assistance requests this agency sent.
    static func requestCount(_ data: ConsoleData) throws -> Int {
        try data.database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM exchange_outbox WHERE purpose = ?", arguments: [requestPurpose]) ?? 0
        }
    }

    /// The assistance requests this agency sent, newest first, `limit` from `offset` (an
    /// indexed read; each request's payload is parsed once and cached).
    static func requests(_ data: ConsoleData, limit: Int, offset: Int = 0) throws -> [Request] {
        try data.database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.message_id AS message_id, o.receiver AS receiver, o.created_at_ms AS created_at_ms, o.state AS state, length(f.frame) AS frame_length FROM exchange_outbox o
                LEFT JOIN exchange_outbox_frame f ON f.message_id = o.message_id
                WHERE o.purpose = ? ORDER BY o.created_at_ms DESC LIMIT ? OFFSET ?
                """, arguments: [requestPurpose, limit, offset]).map { row -> Request in
                let id: String = row["message_id"] ?? ""
                let length: Int = row["frame_length"] ?? 0
                var request = try data.assistance.parsed(id, frameLength: length) {
                    let frame = try OutboxFrameTable.frame(of: id, in: db)
                    return parse(frame.flatMap { try? WireFrame.decode(Array($0)) })
                }
                request.messageId = id
                request.peer = row["receiver"] ?? ""
                request.sent = ConsoleFormat.time(row["created_at_ms"] ?? 0)
                request.state = row["state"] ?? ""
                return request
            }
        }
    }

    /// What a request's payload says (legal basis, purpose, query), or the note that retention removed it.
    static func parse(_ frame: SignedMessage?) -> Request {
        var request = Request(messageId: "", peer: "", sent: "", legalBasis: "(payload removed by retention)", purpose: "", query: "", state: "")
        if let frame, !frame.payload.isEmpty, case .assistanceRequest(let message)? = try? PaxMessage.decode(bytes: frame.payload) {
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

    /// Answered requests shown (each one's reply is parsed for the decision).
    static let answersShown = 50

    /// How many requests this agency answered that the inbox still holds (its dedup window).
    static func answerCount(_ data: ConsoleData) throws -> Int {
        try data.database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM exchange_inbox WHERE outcome >= 'assistance-' AND outcome < 'assistance.'") ?? 0
        }
    }

    /// The requests this agency answered, newest first (the latest `answersShown`).
    static func answers(_ data: ConsoleData) throws -> [Answer] {
        try data.database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT sender, message_id, received_at_ms, reply, outcome FROM exchange_inbox
                WHERE outcome >= 'assistance-' AND outcome < 'assistance.' ORDER BY received_at_ms DESC LIMIT ?
                """, arguments: [answersShown]).map { row -> Answer in
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

    static func view(_ data: ConsoleData, query: [String: String]) throws -> View {
        let pager = Pager(page: Int(query["page"] ?? "") ?? 1, pageSize: pageSize, total: try requestCount(data), base: "/assistance")
        let requests = try requests(data, limit: pageSize, offset: pager.offset(pageSize: pageSize))
        let answers = try answers(data)
        return View(requests: requests, hasRequests: !requests.isEmpty, pager: pager, answers: answers, hasAnswers: !answers.isEmpty,
                    answered: try answerCount(data))
    }

    static let template = """
        <section aria-labelledby="sent-heading"><h2 id="sent-heading">Requests sent</h2>
        <table><caption>Assistance requests this agency sent</caption><thead><tr><th scope="col">Message id</th><th scope="col">To</th>
        <th scope="col">Sent</th><th scope="col">Legal basis</th><th scope="col">Purpose</th><th scope="col">Query</th><th scope="col">State</th></tr></thead>
        <tbody>{{#requests}}<tr><td><code>{{messageId}}</code></td><td>{{peer}}</td><td>{{sent}}</td><td>{{legalBasis}}</td><td>{{purpose}}</td>
        <td>{{query}}</td><td>{{state}}</td></tr>{{/requests}}{{^hasRequests}}<tr><td colspan="7">None yet.</td></tr>{{/hasRequests}}</tbody></table>
        {{#pager}}{{>pager}}{{/pager}}</section>
        <section aria-labelledby="answered-heading"><h2 id="answered-heading">Requests answered</h2>
        <p>{{answered}} answered within the deduplication window; the latest 50 are listed.</p>
        <table><caption>Assistance requests this agency answered, with the authorisation decision</caption><thead><tr><th scope="col">From</th>
        <th scope="col">Request id</th><th scope="col">Received</th><th scope="col">Decision</th><th scope="col">Reason</th><th scope="col">Records disclosed</th></tr></thead>
        <tbody>{{#answers}}<tr><td>{{requester}}</td><td><code>{{requestId}}</code></td><td>{{received}}</td><td>{{decision}}</td><td>{{reason}}</td>
        <td>{{records}}</td></tr>{{/answers}}{{^hasAnswers}}<tr><td colspan="6">None yet.</td></tr>{{/hasAnswers}}</tbody></table></section>
        """
}

/// Assistance requests as parsed from their frames, by message id with the frame's length: a
/// request never changes once sent, except that retention shortens its frame (which parses
/// it again, so the query it named leaves memory). At most 2,000 entries.
final class AssistanceRequestCache: Sendable {
    private let table = Mutex<[String: (length: Int, request: AssistancePage.Request)]>([:])

    func parsed(_ id: String, frameLength: Int, parse: () throws -> AssistancePage.Request) rethrows -> AssistancePage.Request {
        if let hit = table.withLock({ $0[id] }), hit.length == frameLength { return hit.request }
        let request = try parse()
        table.withLock { table in
            if table.count >= 2_000 { table.removeAll() }
            table[id] = (frameLength, request)
        }
        return request
    }
}
