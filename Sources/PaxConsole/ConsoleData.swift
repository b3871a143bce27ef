import Foundation
import GRDB
import PaxExchange
import PaxMessages
public import PaxServer

/// What the console reads, all from the agency's SQLite database with indexed, paginated
/// queries (so a page costs the same with 10,000 manifests and 1,000,000 travellers as with
/// ten): the manifests overview and its flagged travellers (`ManifestOverview`, written at
/// receipt), single manifest records by key, outgoing frames (own manifests' XML,
/// assessments sent, assistance requests), inbox replies (assistance answers), manifests as
/// received (`ReceivedCopies`), the audit log, and the console's hit reviews.
public struct ConsoleData: Sendable {
    public let agencyId: String
    public let agency: LiveAgency
    public let database: AgencyDatabase
    public let refusals: RefusalLedger?
    let assistance = AssistanceRequestCache()
    /// The audit records of page views that show traveller data (written in groups).
    let accessAudit: ConsoleAccessAudit

    public init(agencyId: String, agency: LiveAgency, database: AgencyDatabase, refusals: RefusalLedger?) {
        self.agencyId = agencyId
        self.agency = agency
        self.database = database
        self.refusals = refusals
        accessAudit = ConsoleAccessAudit(database: database)
    }

    /// The data of a running agency service.
    public init(service: AgencyService) throws {
        guard let database = service.database else { throw AgencySetupError("the console needs the SQLite store; \(service.storage.location) is not") }
        self.init(agencyId: service.file.agency, agency: service.agency, database: database,
                      refusals: service.server.refusals)
    }

    /// One manifest record by its key (nil when not held or unreadable).
    func manifest(submitter: String, messageId: String) -> ManifestRecord? {
        try? SQLiteExchangeStore(database: database).manifest(MessageKey(sender: submitter, messageId: messageId))
    }

    // MARK: Flights

    /// Which manifests the Flights page lists.
    struct FlightFilter: Sendable {
        /// true: own (sent or local), false: received, nil: both.
        var own: Bool?
        var state: String?
        var carrier: String?

        var sql: (clause: String, arguments: StatementArguments) {
            var conditions: [String] = []
            var arguments = StatementArguments()
            if let own {
                conditions.append("own = ?")
                arguments += [own ? 1 : 0]
            }
            if let state {
                conditions.append("state = ?")
                arguments += [state]
            }
            if let carrier {
                conditions.append("carrier = ?")
                arguments += [carrier]
            }
            return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
        }
    }

    /// A manifest as the Flights page lists it.
    struct FlightRow: Sendable {
        var submitter: String
        var messageId: String
        var own: Bool
        var peer: String
        var state: String
        var flight: FlightSummary?
        var travellers: Int
        var cleared: Int?
        var inspect: Int?
        var noBoard: Int?
    }

    func flightCount(_ filter: FlightFilter) throws -> Int {
        let (clause, arguments) = filter.sql
        return try database.pool.read { db in
            try Int.fetchOne(db, sql: Self.flightCountSQL(clause), arguments: arguments) ?? 0
        }
    }

    static func flightCountSQL(_ clause: String) -> String { "SELECT count(*) FROM overview_manifest \(clause)" }

    static func flightsSQL(_ clause: String) -> String {
        """
        SELECT submitter, message_id, own, peer, state, flight, travellers, cleared, inspect, no_board FROM overview_manifest
        \(clause) ORDER BY departure_ms DESC, message_id DESC LIMIT ? OFFSET ?
        """
    }

    /// Manifests matching `filter`, latest departure first, `limit` from `offset`.
    func flights(_ filter: FlightFilter, offset: Int, limit: Int) throws -> [FlightRow] {
        let (clause, arguments) = filter.sql
        let decoder = JSONDecoder()
        return try database.pool.read { db in
            try Row.fetchAll(db, sql: Self.flightsSQL(clause), arguments: arguments + [limit, offset]).map { row in
                FlightRow(submitter: row["submitter"] ?? "", messageId: row["message_id"] ?? "", own: (row["own"] as Int?) == 1,
                          peer: row["peer"] ?? "", state: row["state"] ?? "",
                          flight: (row["flight"] as String?).flatMap { try? decoder.decode(FlightSummary.self, from: Data($0.utf8)) },
                          travellers: row["travellers"] ?? 0, cleared: row["cleared"], inspect: row["inspect"], noBoard: row["no_board"])
            }
        }
    }

    /// Whether the overview knows the outcome counts of manifest (submitter, id) (a received
    /// manifest was screened here, and its travellers without a row were cleared).
    func hasOutcomeCounts(submitter: String, messageId: String) throws -> Bool {
        try database.pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT cleared IS NOT NULL FROM overview_manifest WHERE submitter = ? AND message_id = ?",
                              arguments: [submitter, messageId]) ?? false
        }
    }

    // MARK: Travellers flagged

    /// A traveller of the overview: not cleared, or matched by screening.
    struct FlaggedTraveller: Sendable {
        var reference: String
        var outcome: TravelerAssessment.Outcome?
        var assessment: TravelerAssessment?
        var explanation: ScreeningExplanation?
        /// Retention removed the reasons and the explanation.
        var removed: Bool

        init(_ row: Row, decoder: JSONDecoder) {
            reference = row["traveller_ref"] ?? ""
            outcome = (row["outcome"] as String?).flatMap(TravelerAssessment.Outcome.init(rawValue:))
            assessment = (row["assessment"] as Data?).flatMap { try? decoder.decode(TravelerAssessment.self, from: $0) }
            explanation = (row["explanation"] as Data?).flatMap { try? decoder.decode(ScreeningExplanation.self, from: $0) }
            removed = (row["removed"] as Int?) == 1
        }
    }

    /// The flagged travellers of one manifest, by reference.
    func flagged(submitter: String, messageId: String, references: [String]? = nil) throws -> [String: FlaggedTraveller] {
        let decoder = JSONDecoder()
        return try database.pool.read { db in
            var found: [String: FlaggedTraveller] = [:]
            let rows: [Row]
            if let references {
                rows = try references.compactMap { reference in
                    try Row.fetchOne(db, sql: """
                        SELECT traveller_ref, outcome, assessment, explanation, removed FROM overview_traveller
                        WHERE submitter = ? AND message_id = ? AND traveller_ref = ?
                        """, arguments: [submitter, messageId, reference])
                }
            } else {
                rows = try Row.fetchAll(db, sql: """
                    SELECT traveller_ref, outcome, assessment, explanation, removed FROM overview_traveller
                    WHERE submitter = ? AND message_id = ?
                    """, arguments: [submitter, messageId])
            }
            for row in rows {
                let traveller = FlaggedTraveller(row, decoder: decoder)
                found[traveller.reference] = traveller
            }
            return found
        }
    }

    // MARK: Hits queue

    /// A row of the hits queue.
    struct HitRow: Sendable {
        var submitter: String
        var messageId: String
        var reference: String
        var outcome: TravelerAssessment.Outcome?
        var flight: FlightSummary?
        var surname: String?
        var givenNames: String?
        var verdict: HitVerdict?
        var reviewer: String?
    }

    /// How many travellers are not cleared, across manifests.
    func hitCount() throws -> Int {
        try database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM overview_traveller WHERE outcome <> 'Cleared'") ?? 0
        }
    }

    /// Travellers not cleared, by departure (soonest or latest first), with the names the
    /// archive holds (masked after retention) and any review.
    func hits(soonestFirst: Bool, offset: Int, limit: Int) throws -> [HitRow] {
        let decoder = JSONDecoder()
        return try database.pool.read { db in
            try Row.fetchAll(db, sql: Self.hitsSQL(soonestFirst: soonestFirst), arguments: [limit, offset]).map { row in
                HitRow(submitter: row["submitter"] ?? "", messageId: row["message_id"] ?? "", reference: row["traveller_ref"] ?? "",
                       outcome: (row["outcome"] as String?).flatMap(TravelerAssessment.Outcome.init(rawValue:)),
                       flight: (row["flight"] as String?).flatMap { try? decoder.decode(FlightSummary.self, from: Data($0.utf8)) },
                       surname: row["surname"], givenNames: row["given_names"],
                       verdict: (row["verdict"] as String?).flatMap(HitVerdict.init(rawValue:)), reviewer: row["reviewer"])
            }
        }
    }

    /// The hits queue: a page of the not-cleared index, then its names, flights and reviews by key.
    static func hitsSQL(soonestFirst: Bool) -> String {
        let order = soonestFirst ? "ASC" : "DESC"
        return """
                SELECT t.submitter, t.message_id, t.traveller_ref, t.outcome, m.flight, d.surname, d.given_names, r.verdict, r.reviewer
                FROM (SELECT submitter, message_id, traveller_ref, outcome, departure_ms FROM overview_traveller
                      WHERE outcome <> 'Cleared'
                      ORDER BY departure_ms \(order), message_id \(order), traveller_ref \(order) LIMIT ? OFFSET ?) t
                LEFT JOIN overview_manifest m ON m.submitter = t.submitter AND m.message_id = t.message_id
                LEFT JOIN traveller_data d ON d.message_id = t.message_id AND d.traveller_ref = t.traveller_ref
                LEFT JOIN console_hit_review r
                    ON r.submitter = t.submitter AND r.message_id = t.message_id AND r.traveller_ref = t.traveller_ref
                ORDER BY t.departure_ms \(order), t.message_id \(order), t.traveller_ref \(order)
                """
    }

    // MARK: Frames

    /// The outgoing frame of one of this agency's messages (nil when absent, or masked by retention).
    func outgoing(_ messageId: String) throws -> (record: OutgoingRow, message: SignedMessage?)? {
        try database.pool.read { db in
            guard let row = try Row.fetchOne(
                db, sql: """
                    SELECT o.message_id AS message_id, o.receiver AS receiver, f.frame AS frame, o.created_at_ms AS created_at_ms,
                           o.attempts AS attempts, o.state AS state FROM exchange_outbox o
                    LEFT JOIN exchange_outbox_frame f ON f.message_id = o.message_id WHERE o.message_id = ?
                    """,
                arguments: [messageId]) else { return nil }
            let outgoing = OutgoingRow(row)
            let frame: Data? = row["frame"]
            return (outgoing, frame.flatMap { try? WireFrame.decode(Array($0)) })
        }
    }

    /// One outgoing message's send state, read from the covering index `exchange_outbox_send_state`
    /// alone (databases from before `v9-outbox-frames-apart` hold the frame in the table row,
    /// before these columns). Named, because SQLite prefers the primary key's index for an
    /// equality on it.
    static let sendStateSQL = """
        SELECT message_id, receiver, created_at_ms, attempts, state FROM exchange_outbox INDEXED BY exchange_outbox_send_state
        WHERE message_id = ?
        """

    /// Send timings of several outgoing messages at once (one indexed lookup per id).
    func outgoingRows(_ ids: [String]) throws -> [String: OutgoingRow] {
        try database.pool.read { db in
            var rows: [String: OutgoingRow] = [:]
            let statement = try db.cachedStatement(sql: Self.sendStateSQL)
            for id in ids {
                if let row = try Row.fetchOne(statement, arguments: [id]) {
                    rows[id] = OutgoingRow(row)
                }
            }
            return rows
        }
    }

    /// The manifest (submitter, id) as it was received: the peer's frame, the carrier's PAXLST.
    func copies(submitter: String, messageId: String) throws -> [ReceivedCopies.Copy] {
        try database.pool.read { db in try ReceivedCopies.copies(submitter: submitter, messageId: messageId, in: db) }
    }
}

/// An outgoing message's send state.
struct OutgoingRow: Sendable {
    var messageId: String
    var receiver: String
    var createdAt: Int64
    var attempts: Int
    var state: String

    init(_ row: Row) {
        messageId = row["message_id"] ?? ""
        receiver = row["receiver"] ?? ""
        createdAt = row["created_at_ms"] ?? 0
        attempts = row["attempts"] ?? 0
        state = row["state"] ?? ""
    }
}
