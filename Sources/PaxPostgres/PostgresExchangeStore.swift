public import Foundation
public import Logging
public import PaxExchange
public import PaxServer
import PostgresNIO

/// The agency's `ExchangeStore` on PostgreSQL, for several instances of one agency over one
/// database. It passes the same `StoreContract` as the SQLite and in-memory stores; on top:
///
/// - the inbox's primary key (sender, id) decides which instance processed a message: a second
///   instance's `insertInbox` of the same message is refused with `duplicateInbox` (after the
///   first commits), and `inboxRecord` then gives it the winner's stored reply bytes;
/// - outbox deliveries are claimed with leases (`claimDueOutbox`), so each pending message is in
///   flight on one instance at a time and taken over by another when its lease expires;
/// - the audit log is one hash chain: every append locks the single-row head in the same
///   transaction as the change it records, and names the instance that wrote it;
/// - retention runs on one instance at a time (`applyRetention` takes an advisory lock).
///
/// The API is synchronous like the protocol; see `BlockingPostgresPool` for why that is safe.
/// Values read back are decoded by type and checked (states, counts) before use: a damaged row
/// is a `StoreError`, never a trap.
public final class PostgresExchangeStore: ExchangeStore, Sendable {
    public let location: PostgresLocation
    /// The name of this instance, written into the inbox rows it creates and the audit records it appends.
    public let instance: String
    let pool: BlockingPostgresPool
    /// The clock that stamps audit records; tests pass a fixed one.
    let now: @Sendable () -> Date

    /// Connects to `location` and applies any migration not yet applied.
    public init(location: PostgresLocation, instance: String, logger: Logger = Logger(label: "paxsim.postgres"),
                now: @escaping @Sendable () -> Date = { Date() }) throws(PostgresStoreError) {
        guard !instance.isEmpty, instance.count <= 64,
              instance.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw .configuration("instance name '\(instance)' must be 1 to 64 letters, digits, '-', '_' or '.'")
        }
        self.location = location
        self.instance = instance
        self.now = now
        pool = BlockingPostgresPool(location: location, logger: logger)
        do {
            try PostgresMigrations.apply(pool)
        } catch let error as PostgresStoreError {
            pool.close()
            throw error
        } catch {
            pool.close()
            throw .io("\(location): migrations failed: \(PostgresStoreErrorText.describe(error))")
        }
    }

    /// Closes the store's connections (also done when the store is released).
    public func close() {
        pool.close()
    }

    // MARK: ExchangeStore

    public func commit(_ transaction: StoreTransaction) throws(StoreError) {
        try commit(transaction, audit: [], archive: [])
    }

    /// Applies `transaction`, appends `audit` to the chain and stores `archive` (traveller data
    /// first held in this step) in one database transaction: all of it commits, or none.
    public func commit(_ transaction: StoreTransaction, audit: [AuditEvent], archive: [TravelerDataRecord]) throws(StoreError) {
        try writing("commit") { connection in
            try apply(transaction, on: connection)
            for record in archive { try insertArchived(record, on: connection) }
            for event in audit { try append(event, on: connection) }
        }
    }

    public func snapshot() throws(StoreError) -> StoreSnapshot {
        try reading("snapshot", .repeatableRead) { connection in
            var snapshot = StoreSnapshot()
            for row in try pool.run("SELECT submitter, message_id, record FROM exchange_manifest", on: connection).rows {
                let (submitter, id, data) = try row.decode((String, String, Data).self)
                let record = try Self.decoder.decode(ManifestRecord.self, from: data)
                let key = MessageKey(sender: submitter, messageId: id)
                guard record.key == key else { throw StoreError.io("manifest row \(key) holds the record of \(record.key)") }
                snapshot.manifests[key] = record
            }
            for row in try pool.run("\(unescaped: Self.outboxColumns) FROM exchange_outbox", on: connection).rows {
                let record = try Self.outbox(row)
                snapshot.outbox[record.messageId] = record
            }
            for row in try pool.run("\(unescaped: Self.inboxColumns) FROM exchange_inbox", on: connection).rows {
                let record = try Self.inbox(row)
                snapshot.inbox[record.key] = record
            }
            return snapshot
        }
    }

    public func inboxRecord(_ key: MessageKey) throws(StoreError) -> InboxRecord? {
        try reading("inbox lookup") { connection in
            try pool.run("\(unescaped: Self.inboxColumns) FROM exchange_inbox WHERE sender = \(key.sender) AND message_id = \(key.messageId)",
                         on: connection).rows.first.map(Self.inbox)
        }
    }

    public func outgoingStatus(of messageId: String) throws(StoreError) -> MessageStatus? {
        try reading("status query") { connection in
            guard let row = try pool.run("SELECT state, attempts FROM exchange_outbox WHERE message_id = \(messageId)",
                                         on: connection).rows.first else { return nil }
            let (text, attempts) = try row.decode((String, Int64).self)
            guard let state = OutboxState(rawValue: text) else {
                throw StoreError.io("outbox record \(messageId) has an unknown state '\(text)'")
            }
            return .outgoing(state, attempts: try Self.count(attempts, of: messageId))
        }
    }

    public func incomingStatus(of key: MessageKey) throws(StoreError) -> MessageStatus? {
        try inboxRecord(key).map { .incoming(outcome: $0.outcome, receivedAt: $0.receivedAt) }
    }

    /// The instance that processed an incoming message (wrote its inbox record), if any.
    public func processingInstance(of key: MessageKey) throws(StoreError) -> String? {
        try reading("inbox lookup") { connection in
            try pool.run("SELECT instance FROM exchange_inbox WHERE sender = \(key.sender) AND message_id = \(key.messageId)",
                         on: connection).rows.first.map { try $0.decode(String.self) }
        }
    }

    // MARK: Writing

    func apply(_ transaction: StoreTransaction, on connection: PostgresConnection) throws {
        for operation in transaction.operations {
            switch operation {
            case .putManifest(let record):
                // Replaces only the record with the same (submitter, id): never another submitter's.
                let data = try ManifestRecordEncoding.shared.encode(record)
                try pool.run("""
                    INSERT INTO exchange_manifest (submitter, message_id, state, record)
                    VALUES (\(record.submitter), \(record.messageId), \(record.state.rawValue), \(data))
                    ON CONFLICT (submitter, message_id) DO UPDATE SET state = excluded.state, record = excluded.record
                    """, on: connection)
            case .putOutbox(let record):
                // The lease columns are the delivering instance's: a put (a new attempt count, an
                // answer) leaves them as they are. The frame is the first put's: a resend is the
                // same bytes, and a settled record comes without them (`OutboxRecord.settled`).
                let purpose = try Self.encoder.encode(record.purpose)
                try pool.run("""
                    INSERT INTO exchange_outbox
                        (message_id, receiver, purpose, frame, created_at_ms, attempts, next_attempt_at_ms, state)
                    VALUES (\(record.messageId), \(record.receiver), \(purpose), \(Data(record.frame)),
                            \(record.createdAt), \(Int64(record.attempts)), \(record.nextAttemptAt), \(record.state.rawValue))
                    ON CONFLICT (message_id) DO UPDATE SET receiver = excluded.receiver, purpose = excluded.purpose,
                        created_at_ms = excluded.created_at_ms, attempts = excluded.attempts,
                        next_attempt_at_ms = excluded.next_attempt_at_ms, state = excluded.state
                    """, on: connection)
            case .insertInbox(let record):
                // The unique key decides: when another instance inserted (sender, id) first, this
                // insert waits for its commit and then inserts nothing.
                let result = try pool.run("""
                    INSERT INTO exchange_inbox (sender, message_id, payload_digest, received_at_ms, reply, outcome, instance)
                    VALUES (\(record.sender), \(record.messageId), \(record.payloadDigest), \(record.receivedAt),
                            \(record.reply.map { Data($0) }), \(record.outcome.rawValue), \(instance))
                    ON CONFLICT (sender, message_id) DO NOTHING
                    """, on: connection)
                if result.metadata.rows != 1 { throw StoreError.duplicateInbox(record.key) }
            case .replaceInbox(let record):
                try pool.run("""
                    INSERT INTO exchange_inbox (sender, message_id, payload_digest, received_at_ms, reply, outcome, instance)
                    VALUES (\(record.sender), \(record.messageId), \(record.payloadDigest), \(record.receivedAt),
                            \(record.reply.map { Data($0) }), \(record.outcome.rawValue), \(instance))
                    ON CONFLICT (sender, message_id) DO UPDATE SET payload_digest = excluded.payload_digest,
                        received_at_ms = excluded.received_at_ms, reply = excluded.reply, outcome = excluded.outcome,
                        instance = excluded.instance
                    """, on: connection)
            case .pruneInbox(let before):
                try pool.run("DELETE FROM exchange_inbox WHERE received_at_ms < \(before)", on: connection)
            }
        }
    }

    func insertArchived(_ record: TravelerDataRecord, on connection: PostgresConnection) throws {
        // A second copy of the same message and traveller (a retry) is ignored.
        try pool.run("""
            INSERT INTO traveller_data (message_id, traveller_ref, surname, given_names, contact, received_at_ms)
            VALUES (\(record.messageId), \(record.travellerRef), \(record.surname), \(record.givenNames), \(record.contact),
                    \(Self.milliseconds(record.receivedAt)))
            ON CONFLICT (message_id, traveller_ref) DO NOTHING
            """, on: connection)
    }

    // MARK: Transactions

    /// Runs `body` in a write transaction; maps failures to `StoreError`.
    @discardableResult
    func writing<T>(_ what: String, _ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.transaction(.readCommitted, body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .io("\(what) failed: \(PostgresStoreErrorText.describe(error))")
        }
    }

    func reading<T>(_ what: String, _ isolation: BlockingPostgresPool.Isolation = .readCommitted,
                    _ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        do {
            if isolation == .readCommitted { return try pool.withConnection(body) }
            return try pool.transaction(isolation, body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .io("\(what) failed: \(PostgresStoreErrorText.describe(error))")
        }
    }

    // MARK: Rows

    /// An outbox row's columns; a settled record's frame is not read (`OutboxRecord.settled`).
    static let outboxColumns = """
        SELECT message_id, receiver, purpose, CASE WHEN state = '\(OutboxState.pending.rawValue)' THEN frame ELSE ''::bytea END AS frame,
               created_at_ms, attempts, next_attempt_at_ms, state
        """
    static let inboxColumns = "SELECT sender, message_id, payload_digest, received_at_ms, reply, outcome"

    static func outbox(_ row: PostgresRow) throws -> OutboxRecord {
        let (id, receiver, purpose, frame, createdAt, attempts, nextAttemptAt, text) =
            try row.decode((String, String, Data, Data, Int64, Int64, Int64, String).self)
        guard let state = OutboxState(rawValue: text) else {
            throw StoreError.io("outbox record \(id) has an unknown state '\(text)'")
        }
        return OutboxRecord(messageId: id, receiver: receiver, purpose: try decoder.decode(OutboxPurpose.self, from: purpose),
                            frame: Array(frame), createdAt: createdAt, attempts: try count(attempts, of: id),
                            nextAttemptAt: nextAttemptAt, state: state)
    }

    static func inbox(_ row: PostgresRow) throws -> InboxRecord {
        let (sender, id, digest, receivedAt, reply, text) = try row.decode((String, String, String?, Int64, Data?, String).self)
        guard let outcome = InboxOutcome(rawValue: text) else {
            throw StoreError.io("inbox record \(id) has an unknown outcome '\(text)'")
        }
        return InboxRecord(messageId: id, sender: sender, receivedAt: receivedAt, payloadDigest: digest,
                           reply: reply.map { Array($0) }, outcome: outcome)
    }

    /// An attempt count read back: never negative, and it fits an `Int`.
    static func count(_ value: Int64, of id: String) throws -> Int {
        guard value >= 0, let count = Int(exactly: value) else {
            throw StoreError.io("outbox record \(id) has an impossible attempt count \(value)")
        }
        return count
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
    static let decoder = JSONDecoder()
}
