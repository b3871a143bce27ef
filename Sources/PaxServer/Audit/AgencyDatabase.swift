public import GRDB
import Foundation

/// An agency's SQLite database (WAL mode): its audit log, its traveller-data archive and its
/// durable exchange store. One `DatabasePool` serialises every write, so appends from many
/// tasks form one chain.
///
/// At rest: the file is created with mode 0600 before SQLite opens it (SQLite gives the -wal,
/// -shm and -journal files the database file's mode, so they are 0600 too), and
/// `secure_delete` overwrites freed content with zeros, so masked or deleted traveller data
/// leaves no copy in free pages.
public struct AgencyDatabase: Sendable {
    /// `PRAGMA application_id` of a PaxSim agency database ('PAXS'): lets `paxsim audit verify`
    /// tell a PaxSim database from any other SQLite file.
    public static let applicationID: Int32 = 0x5041_5853

    /// The connection pool; GRDB serialises its writes.
    public let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// A write waits up to `busyTimeout` seconds for another connection's write lock.
    public static func open(path: String, busyTimeout: Double = 10) throws(AgencyDatabaseError) -> AgencyDatabase {
        try DatabaseFileMode.createPrivate(path: path)
        let pool: DatabasePool
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(busyTimeout)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA secure_delete = ON")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw AgencyDatabaseError(path: path, reason: "cannot open: \(Self.describe(error))")
        }
        try checkApplicationID(pool, path: path, allowNew: true)
        do {
            try migrator.migrate(pool)
        } catch {
            throw AgencyDatabaseError(path: path, reason: "cannot set up the schema: \(Self.describe(error))")
        }
        return AgencyDatabase(pool: pool, path: path)
    }

    /// Opens an existing PaxSim database read-only (for verification): a missing file, a file
    /// that is not SQLite, or a SQLite database of another application is an error.
    public static func openReadOnly(path: String) throws(AgencyDatabaseError) -> DatabaseQueue {
        guard FileManager.default.fileExists(atPath: path) else { throw AgencyDatabaseError(path: path, reason: "no such file") }
        let queue: DatabaseQueue
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(10)
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw AgencyDatabaseError(path: path, reason: Self.describe(error))
        }
        try checkApplicationID(queue, path: path, allowNew: false)
        return queue
    }

    private static func checkApplicationID(_ reader: some DatabaseReader, path: String, allowNew: Bool) throws(AgencyDatabaseError) {
        let found: (id: Int32, tables: Int)
        do {
            found = try reader.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0)
            }
        } catch {
            throw AgencyDatabaseError(path: path, reason: Self.describe(error))
        }
        if found.id == applicationID { return }
        if allowNew && found.id == 0 && found.tables == 0 { return }
        throw AgencyDatabaseError(path: path, reason: "not a PaxSim agency database (SQLite application_id \(found.id))")
    }

    /// Opens the database at `path` with its schema brought only up to `migration` (tests of
    /// the migrations: a database as an earlier version left it).
    static func open(path: String, upTo migration: String) throws -> DatabasePool {
        let pool = try DatabasePool(path: path)
        try migrator.migrate(pool, upTo: migration)
        return pool
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-audit-log") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: """
                CREATE TABLE audit_log (
                    sequence INTEGER PRIMARY KEY,
                    recorded_at_ms INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    message_id TEXT,
                    traveller_ref TEXT,
                    details TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX audit_log_hash ON audit_log(hash);
                CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                """)
        }
        migrator.registerMigration("v1-traveller-data") { db in
            try db.execute(sql: """
                CREATE TABLE traveller_data (
                    id INTEGER PRIMARY KEY,
                    message_id TEXT NOT NULL,
                    traveller_ref TEXT NOT NULL,
                    surname TEXT NOT NULL,
                    given_names TEXT NOT NULL,
                    contact TEXT,
                    received_at_ms INTEGER NOT NULL,
                    masked_at_ms INTEGER,
                    UNIQUE (message_id, traveller_ref)
                );
                CREATE INDEX traveller_data_unmasked ON traveller_data(received_at_ms) WHERE masked_at_ms IS NULL;
                """)
        }
        migrator.registerMigration("v2-exchange-store") { db in
            try SQLiteExchangeStore.createTables(db)
        }
        migrator.registerMigration("v3-message-identity") { db in
            try SQLiteExchangeStore.keyTablesBySender(db)
        }
        migrator.registerMigration("v4-audit-log-append-in-sequence") { db in
            // The update/delete triggers do not see `REPLACE INTO` (a delete by conflict
            // resolution) nor a row inserted out of order: only the next sequence number,
            // carrying the last record's hash as its previous hash, may be inserted.
            try db.execute(sql: """
                CREATE TRIGGER audit_log_append_in_sequence BEFORE INSERT ON audit_log
                WHEN typeof(NEW.sequence) IS NOT 'integer'
                    OR NEW.sequence IS NOT (SELECT coalesce(max(sequence), 0) + 1 FROM audit_log)
                    OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_log ORDER BY sequence DESC LIMIT 1),
                                                     '\(AuditChain.genesisHash)')
                BEGIN SELECT RAISE(ABORT, 'audit_log accepts only the next sequence number with the previous record''s hash'); END;
                """)
        }
        migrator.registerMigration("v4-archive-every-manifest") { db in
            // Manifests stored before the archive dated the agency's own ones get an entry now
            // (dated by their outgoing frame, or today), so retention reaches them as well.
            try TravelerDataArchive.archiveUndatedManifests(in: db, now: Date())
        }
        migrator.registerMigration("v5-carrier-interchanges") { db in
            try CarrierStore.createTables(db)
        }
        migrator.registerMigration("v6-peer-audit-heads") { db in
            try PeerAuditHeads.createTable(db)
        }
        migrator.registerMigration("v7-console-hit-reviews") { db in
            // The console's hit reviews (PaxConsole's `HitReviews`) and its index of audit
            // records by kind. The console created them itself before: keep what it made.
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS console_hit_review (
                    submitter TEXT NOT NULL,
                    message_id TEXT NOT NULL,
                    traveller_ref TEXT NOT NULL,
                    verdict TEXT NOT NULL,
                    note TEXT NOT NULL,
                    reviewer TEXT NOT NULL,
                    reviewed_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (submitter, message_id, traveller_ref)
                );
                CREATE INDEX IF NOT EXISTS console_audit_kind ON audit_log(kind, sequence);
                """)
        }
        migrator.registerMigration("v7-manifest-overview") { db in
            try ManifestOverview.createTables(db)
            try ManifestOverview.backfill(db)
        }
        migrator.registerMigration("v7-received-copies") { db in
            try ReceivedCopies.createTable(db)
        }
        migrator.registerMigration("v7-outbox-and-inbox-by-kind") { db in
            // The console lists assistance requests sent and answered without scanning every message.
            try db.execute(sql: """
                CREATE INDEX exchange_outbox_purpose ON exchange_outbox(purpose, created_at_ms);
                CREATE INDEX exchange_inbox_outcome ON exchange_inbox(outcome, received_at_ms);
                """)
        }
        migrator.registerMigration("v8-outbox-send-state") { db in
            // The console's send timings (Flights, one lookup per listed manifest) read from this
            // index alone: in the table those columns lie after the frame (about 120 KB), so each
            // read walked the frame's overflow pages.
            try db.execute(sql: """
                CREATE INDEX exchange_outbox_send_state ON exchange_outbox(message_id, receiver, created_at_ms, attempts, state);
                """)
        }
        migrator.registerMigration("v9-outbox-frames-apart") { db in
            // Frames in a table of their own, written once per id: an acknowledgement or a retry
            // updates the outbox row's state without rewriting the frame (see `OutboxFrameTable`).
            try OutboxFrameTable.moveFramesApart(db)
        }
        migrator.registerMigration("v9-manifest-travellers-apart") { db in
            // A manifest's travellers in a table of their own, written when they change (the
            // first put, masking), not at each state change (see `ManifestTravelersTable`).
            try ManifestTravelersTable.createTable(db)
        }
        return migrator
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_NOTADB { return "not a SQLite database (file is not a database)" }
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode.rawValue)" }
        return String(describing: error)
    }
}

/// The agency database could not be opened or is not a PaxSim database.
public struct AgencyDatabaseError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
