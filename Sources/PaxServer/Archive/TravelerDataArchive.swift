public import Foundation
import GRDB
import PaxExchange

/// Traveller data the agency holds (received from a peer, submitted or recorded by itself),
/// with when it first held it: the personal fields that retention masks, and the clock that
/// decides when every other copy (the exchange store's manifest, outgoing frames, replies) is
/// masked too.
public struct TravelerDataRecord: Sendable, Equatable {
    public var messageId: String
    public var travellerRef: String
    public var surname: String
    public var givenNames: String
    /// Address or contact details, if the message had any.
    public var contact: String?
    public var receivedAt: Date
    /// When retention masked the names and contact (nil while still in the clear).
    public var maskedAt: Date?

    public init(messageId: String, travellerRef: String, surname: String, givenNames: String, contact: String?,
                receivedAt: Date, maskedAt: Date? = nil) {
        self.messageId = messageId
        self.travellerRef = travellerRef
        self.surname = surname
        self.givenNames = givenNames
        self.contact = contact
        self.receivedAt = receivedAt
        self.maskedAt = maskedAt
    }
}

/// What one retention run did.
public struct RetentionRun: Sendable, Equatable {
    public var cutoff: Date
    public var maskedRows: Int
    /// The audit record that reports the run.
    public var auditSequence: Int64
    /// Manifest records in the exchange store whose travellers were masked.
    public var maskedManifests = 0
    /// Outgoing frames (answered or given up) whose payload was dropped.
    public var maskedFrames = 0
    /// Inbox replies (e.g. assistance responses) that were removed.
    public var maskedReplies = 0
    /// Manifests kept as received (peer frames, carrier PAXLST) whose bytes were removed.
    public var maskedCopies = 0
    /// Whether the write-ahead log was checkpointed and truncated afterwards, so that no
    /// pre-masking page image stays in the -wal file (false when a reader kept it busy; the
    /// next run tries again).
    public var walTruncated = false

    public init(cutoff: Date, maskedRows: Int, auditSequence: Int64, maskedManifests: Int = 0, maskedFrames: Int = 0,
                maskedReplies: Int = 0, maskedCopies: Int = 0, walTruncated: Bool = false) {
        self.cutoff = cutoff
        self.maskedRows = maskedRows
        self.auditSequence = auditSequence
        self.maskedManifests = maskedManifests
        self.maskedFrames = maskedFrames
        self.maskedReplies = maskedReplies
        self.maskedCopies = maskedCopies
        self.walTruncated = walTruncated
    }
}

/// Stored traveller data (names, contact) with the two duties the agreements impose: every read
/// is logged (who, what, why) in the same transaction as the read, and names and contact
/// details are masked once older than the retention period, each run logged too. Audit records
/// carry message ids and traveller references only, never the names.
public struct TravelerDataArchive: Sendable {
    /// The text that replaces masked names and contact details.
    public static let maskText = "***"

    public let auditLog: AuditLog
    var database: AgencyDatabase { auditLog.database }

    public init(auditLog: AuditLog) {
        self.auditLog = auditLog
    }

    /// Stores travellers received in a message (a second copy of the same message id and
    /// traveller reference is ignored: retries carry the same data).
    public func store(_ records: [TravelerDataRecord]) async throws {
        try await database.pool.write { db in try Self.insert(records, in: db) }
    }

    /// Stores travellers inside the caller's write transaction (the live agency's commit).
    static func insert(_ records: [TravelerDataRecord], in db: Database) throws {
        guard !records.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO traveller_data (message_id, traveller_ref, surname, given_names, contact, received_at_ms)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for record in records {
            try statement.execute(
                arguments: [record.messageId, record.travellerRef, record.surname, record.givenNames,
                            record.contact, AuditLog.milliseconds(record.receivedAt)])
        }
    }

    /// Reads the travellers of one message for `requester`, for `purpose`, writing a
    /// `traveller-data-access` audit record in the same transaction (no read goes unlogged).
    public func read(messageId: String, requester: String, purpose: String) async throws -> [TravelerDataRecord] {
        try await database.pool.write { db in
            let records = try Row.fetchAll(
                db, sql: "SELECT * FROM traveller_data WHERE message_id = ? ORDER BY traveller_ref", arguments: [messageId]
            ).map(Self.record)
            try auditLog.append(AuditEvent(
                kind: .travellerDataAccess, actor: requester, messageId: messageId,
                details: ["purpose": purpose, "records": String(records.count),
                          "traveller_refs": records.map(\.travellerRef).joined(separator: ",")]), in: db)
            return records
        }
    }

    /// Keeps masked what retention masked: among `manifestIds` (manifests this commit wrote to
    /// the exchange store), any whose travellers were already masked (a manifest re-sent after
    /// its period) is masked again in the same transaction, new archive rows included, so the
    /// names never come back to disk. Returns the ids masked again.
    static func keepMasked(manifestIds: [String], in db: Database) throws -> [String] {
        var remasked: [String] = []
        for id in Set(manifestIds).sorted() {
            let wasMasked = try Bool.fetchOne(
                try db.cachedStatement(sql: "SELECT 1 FROM traveller_data WHERE message_id = ? AND masked_at_ms IS NOT NULL LIMIT 1"),
                arguments: [id]) ?? false
            guard wasMasked else { continue }
            try db.execute(
                sql: """
                    UPDATE traveller_data SET surname = ?1, given_names = ?1,
                        contact = CASE WHEN contact IS NULL THEN NULL ELSE ?1 END,
                        masked_at_ms = (SELECT max(masked_at_ms) FROM traveller_data WHERE message_id = ?2)
                    WHERE message_id = ?2 AND masked_at_ms IS NULL
                    """,
                arguments: [Self.maskText, id])
            _ = try SQLiteExchangeStore.maskTravelers(ofManifests: [id], with: Self.maskText, in: db)
            _ = try ReceivedCopies.remove(ofManifests: [id], in: db)
            _ = try ManifestOverview.removeReasons(ofManifests: [id], in: db)
            remasked.append(id)
        }
        return remasked
    }

    /// Archives the travellers of stored manifests that have no archive entry yet (databases
    /// written before own and local manifests were archived), dated by the manifest's outgoing
    /// frame when there is one, else `now`; returns how many manifests it dated. Reads the
    /// schema it finds (migration v4 runs it before travellers had a table of their own).
    @discardableResult
    static func archiveUndatedManifests(in db: Database, now: Date) throws -> Int {
        let manifests = try ManifestTravelersTable.select(in: db)
        let rows = try Row.fetchAll(db, sql: """
            SELECT m.record AS record, m.travelers AS travelers, o.created_at_ms AS created_at_ms FROM (\(manifests)) m
            LEFT JOIN exchange_outbox o ON o.message_id = m.message_id
            WHERE NOT EXISTS (SELECT 1 FROM traveller_data t WHERE t.message_id = m.message_id)
            """)
        let decoder = JSONDecoder()
        for row in rows {
            let manifest = try decoder.decode(ManifestRecord.self, from: try ManifestTravelersTable.record(row))
            let createdAt: Int64? = row["created_at_ms"]
            let heldSince = createdAt.map { Date(timeIntervalSince1970: Double($0) / 1000) } ?? now
            try insert(manifest.travelers.map { traveler in
                TravelerDataRecord(messageId: manifest.messageId, travellerRef: traveler.reference, surname: traveler.surname,
                                   givenNames: traveler.givenNames ?? "", contact: nil, receivedAt: heldSince)
            }, in: db)
        }
        return rows.count
    }

    /// Masks every copy of traveller data received before the policy's cut-off at `now`, in
    /// one transaction with one `retention-mask` audit record (counts and cut-off): the
    /// archive's names and contact details, the exchange store's manifests (own and received),
    /// the payload of outgoing frames that are answered or given up, inbox replies, the bytes
    /// of manifests kept as received, and the overview's reasons and screening explanations. Then
    /// checkpoints and truncates the write-ahead log. Earlier audit records are never rewritten.
    public func applyRetention(_ policy: RetentionPolicy, now: Date, actor: String) async throws -> RetentionRun {
        let cutoff = policy.cutoff(now: now)
        let cutoffMilliseconds = AuditLog.milliseconds(cutoff)
        let nowMilliseconds = AuditLog.milliseconds(now)
        var run = try await database.pool.write { db in
            let manifests = try String.fetchAll(
                db, sql: "SELECT DISTINCT message_id FROM traveller_data WHERE masked_at_ms IS NULL AND received_at_ms < ?",
                arguments: [cutoffMilliseconds])
            try db.execute(
                sql: """
                    UPDATE traveller_data SET surname = ?, given_names = ?,
                        contact = CASE WHEN contact IS NULL THEN NULL ELSE ? END, masked_at_ms = ?
                    WHERE masked_at_ms IS NULL AND received_at_ms < ?
                    """,
                arguments: [Self.maskText, Self.maskText, Self.maskText, nowMilliseconds, cutoffMilliseconds])
            let masked = db.changesCount
            // The exchange store's copies of the same travellers lose them in the same transaction.
            let maskedManifests = try SQLiteExchangeStore.maskTravelers(ofManifests: manifests, with: Self.maskText, in: db)
            let maskedFrames = try SQLiteExchangeStore.maskSettledFrames(createdBefore: cutoffMilliseconds, in: db)
            let maskedReplies = try SQLiteExchangeStore.maskReplies(receivedBefore: cutoffMilliseconds, in: db)
            let maskedCopies = try ReceivedCopies.remove(receivedBefore: cutoffMilliseconds, in: db)
            _ = try ManifestOverview.removeReasons(ofManifests: manifests, in: db)
            let record = try auditLog.append(AuditEvent(
                kind: .retentionMask, actor: actor,
                details: ["masked_rows": String(masked), "masked_manifests": String(maskedManifests),
                          "masked_frames": String(maskedFrames), "masked_replies": String(maskedReplies),
                          "masked_copies": String(maskedCopies),
                          "cutoff": Self.iso8601(cutoff), "mask_after_days": String(policy.maskAfterDays)]), in: db)
            return RetentionRun(cutoff: cutoff, maskedRows: masked, auditSequence: record.sequence,
                                maskedManifests: maskedManifests, maskedFrames: maskedFrames, maskedReplies: maskedReplies,
                                maskedCopies: maskedCopies)
        }
        run.walTruncated = await truncateWriteAheadLog()
        return run
    }

    /// Copies the write-ahead log into the database and truncates it to zero bytes (the WAL
    /// keeps whole page images, the pre-masking ones included, until overwritten). Waits for
    /// readers in this process; false when another connection kept it busy.
    func truncateWriteAheadLog() async -> Bool {
        do {
            // TRUNCATE reports SQLITE_BUSY (a throw) unless every frame was copied and the file emptied.
            try await database.pool.barrierWriteWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            return true
        } catch {
            return false
        }
    }

    static func record(_ row: Row) -> TravelerDataRecord {
        let masked: Int64? = row["masked_at_ms"]
        return TravelerDataRecord(
            messageId: row["message_id"], travellerRef: row["traveller_ref"], surname: row["surname"],
            givenNames: row["given_names"], contact: row["contact"],
            receivedAt: Date(timeIntervalSince1970: Double(row["received_at_ms"] as Int64) / 1000),
            maskedAt: masked.map { Date(timeIntervalSince1970: Double($0) / 1000) })
    }

    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
