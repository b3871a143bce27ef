public import GRDB
public import PaxExchange
import Foundation

/// The live agency's durable `ExchangeStore`: manifests, outbox and inbox in the agency's
/// SQLite database (WAL, `synchronous = FULL`), so what `commit` returned from survives
/// `kill -9` and power loss. It passes the same `StoreContract` as the simulator's
/// `InMemoryStore`.
///
/// `commit(_:alongside:)` lets the driver write audit records and archived traveller data in
/// the same SQLite transaction as the state change: all of it commits, or none.
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
            for row in try Row.fetchAll(db, sql: "SELECT record FROM exchange_manifest") {
                let record = try Self.decoder.decode(ManifestRecord.self, from: row["record"] as Data)
                snapshot.manifests[record.messageId] = record
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM exchange_outbox") {
                let record = try Self.outbox(row)
                snapshot.outbox[record.messageId] = record
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM exchange_inbox") {
                let record = Self.inbox(row)
                snapshot.inbox[record.messageId] = record
            }
            return snapshot
        }
    }

    public func inboxRecord(_ messageId: String) throws(StoreError) -> InboxRecord? {
        try reading { db in
            try Row.fetchOne(db, sql: "SELECT * FROM exchange_inbox WHERE message_id = ?", arguments: [messageId]).map(Self.inbox)
        }
    }

    public func status(of messageId: String) throws(StoreError) -> MessageStatus? {
        try reading { db in
            if let row = try Row.fetchOne(db, sql: "SELECT state, attempts FROM exchange_outbox WHERE message_id = ?",
                                          arguments: [messageId]),
               let state = OutboxState(rawValue: row["state"]) {
                return .outgoing(state, attempts: row["attempts"])
            }
            if let row = try Row.fetchOne(db, sql: "SELECT outcome, received_at_ms FROM exchange_inbox WHERE message_id = ?",
                                          arguments: [messageId]) {
                return .incoming(outcome: row["outcome"], receivedAt: row["received_at_ms"])
            }
            return nil
        }
    }

    /// Masks the names and addresses of the travellers in the stored records of `ids`
    /// (retention); returns how many records there were.
    static func maskTravelers(ofManifests ids: [String], with mask: String, in db: Database) throws -> Int {
        var count = 0
        for id in ids {
            guard let data = try Data.fetchOne(db, sql: "SELECT record FROM exchange_manifest WHERE message_id = ?",
                                               arguments: [id]) else { continue }
            var record = try decoder.decode(ManifestRecord.self, from: data)
            for index in record.travelers.indices {
                record.travelers[index].surname = mask
                if record.travelers[index].givenNames != nil { record.travelers[index].givenNames = mask }
                record.travelers[index].address = nil
            }
            try db.execute(sql: "UPDATE exchange_manifest SET record = ? WHERE message_id = ?",
                           arguments: [try encoder.encode(record), id])
            count += 1
        }
        return count
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

    static func apply(_ transaction: StoreTransaction, in db: Database) throws {
        for operation in transaction.operations {
            switch operation {
            case .putManifest(let record):
                try db.execute(sql: "INSERT OR REPLACE INTO exchange_manifest (message_id, state, record) VALUES (?, ?, ?)",
                               arguments: [record.messageId, record.state.rawValue, try encoder.encode(record)])
            case .putOutbox(let record):
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO exchange_outbox
                            (message_id, receiver, purpose, frame, created_at_ms, attempts, next_attempt_at_ms, state)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [record.messageId, record.receiver, try encoder.encode(record.purpose), Data(record.frame),
                                record.createdAt, record.attempts, record.nextAttemptAt, record.state.rawValue])
            case .insertInbox(let record):
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM exchange_inbox WHERE message_id = ?", arguments: [record.messageId]) != nil {
                    throw StoreError.duplicateInbox(record.messageId)
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
        try db.execute(
            sql: (replacing ? "INSERT OR REPLACE" : "INSERT") + """
                 INTO exchange_inbox (message_id, sender, received_at_ms, reply, outcome) VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [record.messageId, record.sender, record.receivedAt, record.reply.map { Data($0) }, record.outcome])
    }

    private static func outbox(_ row: Row) throws -> OutboxRecord {
        guard let state = OutboxState(rawValue: row["state"]) else {
            throw StoreError.io("outbox record \(row["message_id"] as String? ?? "?") has an unknown state")
        }
        return OutboxRecord(messageId: row["message_id"], receiver: row["receiver"],
                            purpose: try decoder.decode(OutboxPurpose.self, from: row["purpose"] as Data),
                            frame: Array(row["frame"] as Data), createdAt: row["created_at_ms"], attempts: row["attempts"],
                            nextAttemptAt: row["next_attempt_at_ms"], state: state)
    }

    private static func inbox(_ row: Row) -> InboxRecord {
        InboxRecord(messageId: row["message_id"], sender: row["sender"], receivedAt: row["received_at_ms"],
                    reply: (row["reply"] as Data?).map { Array($0) }, outcome: row["outcome"])
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
    private static let decoder = JSONDecoder()

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
}
