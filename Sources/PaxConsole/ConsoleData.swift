import Foundation
import GRDB
import PaxExchange
import PaxMessages
public import PaxServer
import Synchronization

/// What the console reads, and from where: the agency's manifests from its in-memory state
/// (the same records as the store), the rest from its SQLite database with indexed queries:
/// outgoing frames (own manifests' XML, assessments sent, assistance requests), inbox replies
/// (assistance answers), the audit log, and the console's own table of hit reviews.
/// Assessments sent never change, so they are decoded once and cached.
public struct ConsoleData: Sendable {
    public let agencyId: String
    public let agency: LiveAgency
    public let database: AgencyDatabase
    public let refusals: RefusalLedger?
    private let assessments = AssessmentCache()

    public init(agencyId: String, agency: LiveAgency, database: AgencyDatabase, refusals: RefusalLedger?) throws {
        self.agencyId = agencyId
        self.agency = agency
        self.database = database
        self.refusals = refusals
        try HitReviews.createTable(in: database)
    }

    /// The data of a running agency service.
    public init(service: AgencyService) throws {
        guard let database = service.database else { throw AgencySetupError("the console needs the SQLite store; \(service.storage.location) is not") }
        try self.init(agencyId: service.file.agency, agency: service.agency, database: database,
                      refusals: service.server.refusals)
    }

    /// Manifests, most recent departure first.
    func manifests() async -> [ManifestRecord] {
        await agency.manifests().sorted {
            ($0.flight.scheduledDeparture.secondsSince1970, $0.messageId) > ($1.flight.scheduledDeparture.secondsSince1970, $1.messageId)
        }
    }

    func manifest(submitter: String, messageId: String) async -> ManifestRecord? {
        await agency.manifests().first { $0.submitter == submitter && $0.messageId == messageId }
    }

    /// The outgoing frame of one of this agency's messages (nil when absent, or masked by retention).
    func outgoing(_ messageId: String) throws -> (record: OutgoingRow, message: SignedMessage?)? {
        try database.pool.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT message_id, receiver, frame, created_at_ms, attempts, state FROM exchange_outbox WHERE message_id = ?",
                arguments: [messageId]) else { return nil }
            let outgoing = OutgoingRow(row)
            return (outgoing, try? WireFrame.decode(Array(row["frame"] as Data)))
        }
    }

    /// Send timings of several outgoing messages at once (one indexed lookup per id).
    func outgoingRows(_ ids: [String]) throws -> [String: OutgoingRow] {
        try database.pool.read { db in
            var rows: [String: OutgoingRow] = [:]
            for id in ids {
                if let row = try Row.fetchOne(
                    db, sql: "SELECT message_id, receiver, created_at_ms, attempts, state FROM exchange_outbox WHERE message_id = ?",
                    arguments: [id]) {
                    rows[id] = OutgoingRow(row)
                }
            }
            return rows
        }
    }

    /// The assessment this agency sent for a manifest it received, per traveller reference.
    func assessmentSent(for manifest: ManifestRecord) -> [String: TravelerAssessment] {
        guard manifest.submitter != agencyId else { return [:] }
        let id = MessageNamespace.assessmentId(by: agencyId, answering: manifest.messageId)
        if let cached = assessments.get(id) { return cached }
        guard let found = try? outgoing(id), let message = found.message, !message.payload.isEmpty,
              case .riskAssessment(let assessment)? = try? PaxMessage.decode(bytes: message.payload) else { return [:] }
        let byReference = Dictionary(assessment.assessments.map { ($0.travelerReference, $0) }, uniquingKeysWith: { a, _ in a })
        assessments.put(id, byReference)
        return byReference
    }

    /// A traveller's outcome as this agency knows it: assessed by this agency (received
    /// manifests) or by the peer (own manifests, once assessed).
    func outcomes(of manifest: ManifestRecord) -> [String: TravelerAssessment.Outcome] {
        if manifest.submitter == agencyId { return manifest.outcomes }
        return assessmentSent(for: manifest).mapValues(\.outcome)
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

/// Decoded assessments by assessment id (immutable once sent).
final class AssessmentCache: Sendable {
    private let table = Mutex<[String: [String: TravelerAssessment]]>([:])

    func get(_ id: String) -> [String: TravelerAssessment]? { table.withLock { $0[id] } }

    func put(_ id: String, _ value: [String: TravelerAssessment]) {
        table.withLock { table in
            if table.count >= 50_000 { table.removeAll() }
            table[id] = value
        }
    }
}
