public import GRDB
import Synchronization
public import PaxExchange
public import Foundation
public import PaxMessages

/// The live agency's durable `ExchangeStore`: manifests, outbox and inbox in the agency's
/// SQLite database (WAL, `synchronous = FULL`), so what `commit` returned from survives
/// `kill -9` and power loss. It passes the same `StoreContract` as the simulator's
/// `InMemoryStore`.
///
/// `commit(_:alongside:)` lets the driver write audit records and archived traveller data in
/// the same SQLite transaction as the state change: all of it commits, or none.
///
/// Keys follow message identity: manifests by (submitter, message id), the inbox by (sender,
/// message id), the outbox (this agency's own messages) by message id. Rows are read with
/// checked decoding: a damaged row is a `StoreError`, never a trap.
public struct SQLiteExchangeStore: ExchangeStore {
    public let database: AgencyDatabase

    public init(database: AgencyDatabase) {
        self.database = database
    }

    public func commit(_ transaction: StoreTransaction) throws(StoreError) {
        try commit(transaction, alongside: { _ in })
    }

    /// Applies `transaction` and runs `alongside` in one write transaction; a throw from
    /// either rolls everything back.
    public func commit(_ transaction: StoreTransaction, alongside: (Database) throws -> Void) throws(StoreError) {
        do {
            try database.pool.write { db in
                try Self.apply(transaction, in: db)
                try alongside(db)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .io("commit failed: \(AgencyDatabase.describe(error))")
        }
    }

    public func snapshot() throws(StoreError) -> StoreSnapshot {
        try reading { db in
            var snapshot = StoreSnapshot()
            // Decoding the records is most of an agency's start (10,000 manifests of 100
            // travellers: 700 MB of JSON); rows are read in batches and each batch is decoded
            // on every core.
            var batch: [(key: MessageKey, data: Data)] = []
            func decodeBatch() throws {
                for (key, record) in zip(batch.map(\.key), try Self.decodeManifests(batch.map(\.data))) {
                    guard record.key == key else {
                        throw StoreError.io("manifest row \(key) holds the record of \(record.key)")
                    }
                    snapshot.manifests[key] = record
                }
                batch.removeAll(keepingCapacity: true)
            }
            let rows = try Row.fetchCursor(db, sql: ManifestTravelersTable.select)
            while let row = try rows.next() {
                let key = MessageKey(sender: try row.decode(String.self, forColumn: "submitter"),
                                     messageId: try row.decode(String.self, forColumn: "message_id"))
                batch.append((key, try ManifestTravelersTable.record(row)))
                if batch.count == Self.decodingBatch { try decodeBatch() }
            }
            try decodeBatch()
            for row in try Row.fetchAll(db, sql: Self.outboxSelect) {
                let record = try Self.outbox(row)
                snapshot.outbox[record.messageId] = record
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM exchange_inbox") {
                let record = try Self.inbox(row)
                snapshot.inbox[record.key] = record
            }
            return snapshot
        }
    }

    /// Manifest records read per batch at start (about 70 KB each at 100 travellers).
    static let decodingBatch = 256

    /// Decodes manifest records in parallel (`DispatchQueue.concurrentPerform`, one decoder per
    /// slice), in their order; the first failure is thrown.
    static func decodeManifests(_ records: [Data]) throws -> [ManifestRecord] {
        let slices = max(1, min(records.count, ProcessInfo.processInfo.activeProcessorCount * 2))
        let results = Mutex([Int: Result<[ManifestRecord], any Error>]())
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let range = (records.count * slice / slices)..<(records.count * (slice + 1) / slices)
            let decoder = JSONDecoder()
            let result = Result { try records[range].map { try decoder.decode(ManifestRecord.self, from: $0) } }
            results.withLock { $0[slice] = result }
        }
        return try results.withLock { results in
            try (0..<slices).flatMap { slice -> [ManifestRecord] in try results[slice]?.get() ?? [] }
        }
    }

    public func inboxRecord(_ key: MessageKey) throws(StoreError) -> InboxRecord? {
        try reading { db in
            try Row.fetchOne(db, sql: "SELECT * FROM exchange_inbox WHERE sender = ? AND message_id = ?",
                             arguments: [key.sender, key.messageId]).map(Self.inbox)
        }
    }

    /// The manifest record (submitter, id), read by its key (nil when not held).
    public func manifest(_ key: MessageKey) throws(StoreError) -> ManifestRecord? {
        try reading { db in
            guard let row = try Row.fetchOne(db, sql: ManifestTravelersTable.select + " WHERE m.submitter = ? AND m.message_id = ?",
                                             arguments: [key.sender, key.messageId]) else { return nil }
            let record = try Self.decoder.decode(ManifestRecord.self, from: try ManifestTravelersTable.record(row))
            guard record.key == key else { throw StoreError.io("manifest row \(key) holds the record of \(record.key)") }
            return record
        }
    }

    public func outgoingStatus(of messageId: String) throws(StoreError) -> MessageStatus? {
        try reading { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT state, attempts FROM exchange_outbox WHERE message_id = ?",
                                             arguments: [messageId]) else { return nil }
            let text = try row.decode(String.self, forColumn: "state")
            guard let state = OutboxState(rawValue: text) else { throw StoreError.io("outbox record \(messageId) has an unknown state '\(text)'") }
            return .outgoing(state, attempts: try row.decode(Int.self, forColumn: "attempts"))
        }
    }

    public func incomingStatus(of key: MessageKey) throws(StoreError) -> MessageStatus? {
        try inboxRecord(key).map { .incoming(outcome: $0.outcome, receivedAt: $0.receivedAt) }
    }

    // MARK: Retention (masking)

    /// Masks the travellers in the stored records of manifests `ids` (retention), every
    /// submitter's record under each id updated under its own key; returns how many records
    /// there were. The travellers' bytes are rewritten whole (and a row that held its whole
    /// record is rewritten without them), so with `secure_delete` no earlier copy stays in the file.
    static func maskTravelers(ofManifests ids: [String], with mask: String, in db: Database) throws -> Int {
        var count = 0
        for id in ids {
            for row in try Row.fetchAll(db, sql: ManifestTravelersTable.select + " WHERE m.message_id = ?", arguments: [id]) {
                let submitter = try row.decode(String.self, forColumn: "submitter")
                var record = try decoder.decode(ManifestRecord.self, from: try ManifestTravelersTable.record(row))
                guard record.submitter == submitter else {
                    throw StoreError.io("manifest row (\(id)) holds the record of \(record.key)")
                }
                record.travelers = record.travelers.map { masked($0, with: mask) }
                try ManifestTravelersTable.put(record, encoding: manifestEncoding, in: db)
                count += 1
            }
        }
        return count
    }

    /// A traveller with everything that identifies the person masked: names, place of birth,
    /// address, booking locator, document numbers and machine-readable zones, and any foreign
    /// extension elements (which may carry anything). Kept: the reference, kind, sex, birth
    /// date, nationality, route, seat and bags, and each document's type, issuer and expiry.
    public static func masked(_ traveler: Traveler, with mask: String) -> Traveler {
        var traveler = traveler
        traveler.surname = mask
        if traveler.givenNames != nil { traveler.givenNames = mask }
        if traveler.placeOfBirth != nil { traveler.placeOfBirth = mask }
        traveler.address = nil
        if traveler.recordLocator != nil { traveler.recordLocator = mask }
        traveler.extensions = []
        for index in traveler.documents.indices {
            traveler.documents[index].number = mask
            traveler.documents[index].mrzLines = []
            traveler.documents[index].extensions = []
        }
        return traveler
    }

    /// Drops the payload of outgoing frames that will never be sent again (answered or given
    /// up) and were created before `cutoff`: what stays is the frame's signed header (ids,
    /// parties, time, the payload's SHA-256 digest and the signature), so the message can still
    /// be recognised by id and digest, but the traveller data it carried is gone. Returns how
    /// many frames were masked.
    static func maskSettledFrames(createdBefore cutoff: ExchangeTime, in db: Database) throws -> Int {
        // `instr` finds the blank line that ends the header section; a frame already cut there
        // (or emptied) is not read again. Frames live in `exchange_outbox_frame` (see
        // `OutboxFrameTable`), the send state in `exchange_outbox`.
        let rows = try Row.fetchAll(
            db, sql: """
                SELECT f.rowid AS frame_rowid, f.frame AS frame FROM exchange_outbox o
                JOIN exchange_outbox_frame f ON f.message_id = o.message_id
                WHERE o.state IN (?, ?) AND o.created_at_ms < ? AND length(f.frame) > instr(f.frame, x'0a0a') + 1
                """,
            arguments: [OutboxState.answered.rawValue, OutboxState.expired.rawValue, cutoff])
        for row in rows {
            // A frame without a readable header section keeps nothing.
            let kept = headerSection(of: try row.decode(Data.self, forColumn: "frame")) ?? Data()
            // By rowid: whatever the table's key, this is the row read.
            try db.execute(sql: "UPDATE exchange_outbox_frame SET frame = ? WHERE rowid = ?",
                           arguments: [kept, try row.decode(Int64.self, forColumn: "frame_rowid")])
        }
        return rows.count
    }

    /// Forgets the reply bytes of inbox records received before `cutoff` (an assistance
    /// response carries travellers' names and documents). The record stays (sender, id,
    /// outcome); a duplicate that old is outside the replay window and refused before dedup.
    /// Returns how many replies were removed.
    static func maskReplies(receivedBefore cutoff: ExchangeTime, in db: Database) throws -> Int {
        try db.execute(sql: "UPDATE exchange_inbox SET reply = NULL WHERE reply IS NOT NULL AND received_at_ms < ?",
                       arguments: [cutoff])
        return db.changesCount
    }

    /// The bytes of a `WireFrame` up to and including the blank line that ends its header
    /// section; nil when there is no such line within `WireFrame.maxHeaderBytes`.
    public static func headerSection(of frame: Data) -> Data? {
        let bytes = [UInt8](frame.prefix(WireFrame.maxHeaderBytes))
        var previous: UInt8 = 0
        for (offset, byte) in bytes.enumerated() {
            if byte == 0x0A && previous == 0x0A { return Data(bytes[...offset]) }
            previous = byte
        }
        return nil
    }

    // MARK: Rows

    private func reading<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .io("read failed: \(AgencyDatabase.describe(error))")
        }
    }

    /// Applies a transaction's operations inside the caller's write transaction. Statements are
    /// the connection's cached ones (this runs for every event).
    static func apply(_ transaction: StoreTransaction, in db: Database) throws {
        for operation in transaction.operations {
            switch operation {
            case .putManifest(let record):
                // The travellers written only when they change (see `ManifestTravelersTable`).
                try ManifestTravelersTable.put(record, encoding: manifestEncoding, in: db)
            case .putOutbox(let record):
                // The frame once per id (see `OutboxFrameTable`); a state change updates the small row only.
                try OutboxFrameTable.insertOnce(record.frame, for: record.messageId, in: db)
                try db.cachedStatement(
                    sql: """
                        INSERT INTO exchange_outbox
                            (message_id, receiver, purpose, created_at_ms, attempts, next_attempt_at_ms, state)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (message_id) DO UPDATE SET
                            receiver = excluded.receiver, purpose = excluded.purpose, created_at_ms = excluded.created_at_ms,
                            attempts = excluded.attempts, next_attempt_at_ms = excluded.next_attempt_at_ms, state = excluded.state
                        """).execute(
                    arguments: [record.messageId, record.receiver, try encoder.encode(record.purpose),
                                record.createdAt, record.attempts, record.nextAttemptAt, record.state.rawValue])
            case .insertInbox(let record):
                if try Bool.fetchOne(try db.cachedStatement(sql: "SELECT 1 FROM exchange_inbox WHERE sender = ? AND message_id = ?"),
                                     arguments: [record.sender, record.messageId]) != nil {
                    throw StoreError.duplicateInbox(record.key)
                }
                try insert(record, replacing: false, in: db)
            case .replaceInbox(let record):
                try insert(record, replacing: true, in: db)
            case .pruneInbox(let before):
                try db.execute(sql: "DELETE FROM exchange_inbox WHERE received_at_ms < ?", arguments: [before])
            }
        }
    }

    private static func insert(_ record: InboxRecord, replacing: Bool, in db: Database) throws {
        try db.cachedStatement(
            sql: (replacing ? "INSERT OR REPLACE" : "INSERT") + """
                 INTO exchange_inbox (sender, message_id, payload_digest, received_at_ms, reply, outcome)
                 VALUES (?, ?, ?, ?, ?, ?)
                """).execute(
            arguments: [record.sender, record.messageId, record.payloadDigest, record.receivedAt, record.reply.map { Data($0) },
                        record.outcome.rawValue])
    }

    /// Every outbox record with its frame joined back while pending; a settled record comes
    /// without it (`OutboxRecord.settled`), though the frame stays stored. A record without a
    /// frame row is a damaged store: its NULL frame fails to decode.
    static let outboxSelect = """
        SELECT o.message_id AS message_id, o.receiver AS receiver, o.purpose AS purpose,
               CASE WHEN o.state = '\(OutboxState.pending.rawValue)' OR f.frame IS NULL THEN f.frame ELSE x'' END AS frame,
               o.created_at_ms AS created_at_ms, o.attempts AS attempts, o.next_attempt_at_ms AS next_attempt_at_ms, o.state AS state
        FROM exchange_outbox o LEFT JOIN exchange_outbox_frame f ON f.message_id = o.message_id
        """

    private static func outbox(_ row: Row) throws -> OutboxRecord {
        let id = try row.decode(String.self, forColumn: "message_id")
        let text = try row.decode(String.self, forColumn: "state")
        guard let state = OutboxState(rawValue: text) else {
            throw StoreError.io("outbox record \(id) has an unknown state '\(text)'")
        }
        return OutboxRecord(messageId: id, receiver: try row.decode(String.self, forColumn: "receiver"),
                            purpose: try decoder.decode(OutboxPurpose.self, from: try row.decode(Data.self, forColumn: "purpose")),
                            frame: Array(try row.decode(Data.self, forColumn: "frame")),
                            createdAt: try row.decode(Int64.self, forColumn: "created_at_ms"),
                            attempts: try row.decode(Int.self, forColumn: "attempts"),
                            nextAttemptAt: try row.decode(Int64.self, forColumn: "next_attempt_at_ms"), state: state)
    }

    private static func inbox(_ row: Row) throws -> InboxRecord {
        let id = try row.decode(String.self, forColumn: "message_id")
        let text = try row.decode(String.self, forColumn: "outcome")
        guard let outcome = InboxOutcome(rawValue: text) else {
            throw StoreError.io("inbox record \(id) has an unknown outcome '\(text)'")
        }
        return InboxRecord(messageId: id, sender: try row.decode(String.self, forColumn: "sender"),
                           receivedAt: try row.decode(Int64.self, forColumn: "received_at_ms"),
                           payloadDigest: try row.decode(String?.self, forColumn: "payload_digest"),
                           reply: try row.decode(Data?.self, forColumn: "reply").map { Array($0) }, outcome: outcome)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
    private static let decoder = JSONDecoder()
    /// Manifest records as stored, each manifest's travellers encoded once (see `ManifestRecordEncoding`).
    static let manifestEncoding = ManifestRecordEncoding.shared

    /// The tables, added to the agency database's migrations.
    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE exchange_manifest (
                message_id TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                record BLOB NOT NULL
            );
            CREATE TABLE exchange_outbox (
                message_id TEXT PRIMARY KEY,
                receiver TEXT NOT NULL,
                purpose BLOB NOT NULL,
                frame BLOB NOT NULL,
                created_at_ms INTEGER NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at_ms INTEGER NOT NULL,
                state TEXT NOT NULL
            );
            CREATE TABLE exchange_inbox (
                message_id TEXT PRIMARY KEY,
                sender TEXT NOT NULL,
                received_at_ms INTEGER NOT NULL,
                reply BLOB,
                outcome TEXT NOT NULL
            );
            CREATE INDEX exchange_inbox_received ON exchange_inbox(received_at_ms);
            """)
    }

    /// Migration to message identity (sender, id): manifests keyed by (submitter, id), the
    /// inbox by (sender, id) with the payload digest (NULL for rows kept from before, which
    /// any copy of their message matches). Every existing row is kept.
    static func keyTablesBySender(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE exchange_manifest RENAME TO exchange_manifest_by_id;
            CREATE TABLE exchange_manifest (
                submitter TEXT NOT NULL,
                message_id TEXT NOT NULL,
                state TEXT NOT NULL,
                record BLOB NOT NULL,
                PRIMARY KEY (submitter, message_id)
            );
            ALTER TABLE exchange_inbox RENAME TO exchange_inbox_by_id;
            DROP INDEX exchange_inbox_received;
            CREATE TABLE exchange_inbox (
                sender TEXT NOT NULL,
                message_id TEXT NOT NULL,
                payload_digest TEXT,
                received_at_ms INTEGER NOT NULL,
                reply BLOB,
                outcome TEXT NOT NULL,
                PRIMARY KEY (sender, message_id)
            );
            CREATE INDEX exchange_inbox_received ON exchange_inbox(received_at_ms);
            INSERT INTO exchange_inbox (sender, message_id, payload_digest, received_at_ms, reply, outcome)
                SELECT sender, message_id, NULL, received_at_ms, reply, outcome FROM exchange_inbox_by_id;
            DROP TABLE exchange_inbox_by_id;
            """)
        // The submitter is inside each record: decode it with the same decoder the store uses.
        for row in try Row.fetchAll(db, sql: "SELECT message_id, state, record FROM exchange_manifest_by_id") {
            let data = try row.decode(Data.self, forColumn: "record")
            let record = try decoder.decode(ManifestRecord.self, from: data)
            try db.execute(sql: "INSERT INTO exchange_manifest (submitter, message_id, state, record) VALUES (?, ?, ?, ?)",
                           arguments: [record.submitter, try row.decode(String.self, forColumn: "message_id"),
                                       try row.decode(String.self, forColumn: "state"), data])
        }
        try db.execute(sql: "DROP TABLE exchange_manifest_by_id")
    }
}
