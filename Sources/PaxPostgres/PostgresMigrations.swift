import PaxServer
import PostgresNIO

/// The store's schema as numbered migrations, applied in order, each once, each in its own
/// transaction and recorded in `paxsim_migrations`. Instances starting together take a
/// transaction-scoped advisory lock first, so exactly one of them applies a migration and the
/// others find it done.
enum PostgresMigrations {
    struct Migration {
        var version: Int
        var name: String
        var statements: [String]
    }

    /// Advisory lock key for migrations (an arbitrary constant: "paxmigr" in ASCII).
    static let lockKey: Int64 = 0x70_61_78_6d_69_67_72

    static let all: [Migration] = [
        Migration(version: 1, name: "exchange tables keyed by message identity", statements: [
            """
            CREATE TABLE exchange_manifest (
                submitter text NOT NULL,
                message_id text NOT NULL,
                state text NOT NULL,
                record bytea NOT NULL,
                PRIMARY KEY (submitter, message_id)
            )
            """,
            "CREATE INDEX exchange_manifest_id ON exchange_manifest (message_id)",
            """
            CREATE TABLE exchange_outbox (
                message_id text PRIMARY KEY,
                receiver text NOT NULL,
                purpose bytea NOT NULL,
                frame bytea NOT NULL,
                created_at_ms bigint NOT NULL,
                attempts bigint NOT NULL,
                next_attempt_at_ms bigint NOT NULL,
                state text NOT NULL,
                lease_owner text,
                lease_until_ms bigint
            )
            """,
            "CREATE INDEX exchange_outbox_due ON exchange_outbox (next_attempt_at_ms) WHERE state = 'pending'",
            """
            CREATE TABLE exchange_inbox (
                sender text NOT NULL,
                message_id text NOT NULL,
                payload_digest text,
                received_at_ms bigint NOT NULL,
                reply bytea,
                outcome text NOT NULL,
                instance text NOT NULL,
                PRIMARY KEY (sender, message_id)
            )
            """,
            "CREATE INDEX exchange_inbox_received ON exchange_inbox (received_at_ms)",
        ]),
        Migration(version: 2, name: "audit log: one hash chain with a single-row head", statements: [
            """
            CREATE TABLE audit_log (
                sequence bigint PRIMARY KEY,
                recorded_at_ms bigint NOT NULL,
                kind text NOT NULL,
                actor text NOT NULL,
                message_id text,
                traveller_ref text,
                details text NOT NULL,
                prev_hash text NOT NULL,
                hash text NOT NULL,
                instance text NOT NULL
            )
            """,
            // The head row is what appends lock: one writer at a time, across instances.
            """
            CREATE TABLE audit_head (
                id integer PRIMARY KEY CHECK (id = 1),
                sequence bigint NOT NULL,
                hash text NOT NULL
            )
            """,
            "INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, '\(String(repeating: "0", count: 64))')",
            """
            CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_log is append-only';
            END
            $$
            """,
            """
            CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
            """,
        ]),
        Migration(version: 3, name: "traveller data archive", statements: [
            """
            CREATE TABLE traveller_data (
                message_id text NOT NULL,
                traveller_ref text NOT NULL,
                surname text NOT NULL,
                given_names text NOT NULL,
                contact text,
                received_at_ms bigint NOT NULL,
                masked_at_ms bigint,
                PRIMARY KEY (message_id, traveller_ref)
            )
            """,
            "CREATE INDEX traveller_data_received ON traveller_data (received_at_ms) WHERE masked_at_ms IS NULL",
        ]),
    ]

    /// Applies the migrations not yet recorded; returns the versions applied now.
    @discardableResult
    static func apply(_ pool: BlockingPostgresPool) throws -> [Int] {
        var applied: [Int] = []
        for migration in all {
            let done: Bool = try pool.transaction { connection in
                try pool.run("SELECT pg_advisory_xact_lock(\(lockKey))", on: connection)
                try pool.run("""
                    CREATE TABLE IF NOT EXISTS paxsim_migrations (
                        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                    """, on: connection)
                let present = try pool.run("SELECT version FROM paxsim_migrations WHERE version = \(migration.version)",
                                           on: connection)
                guard present.rows.isEmpty else { return false }
                for statement in migration.statements {
                    try pool.run(PostgresQuery(unsafeSQL: statement), on: connection)
                }
                try pool.run("INSERT INTO paxsim_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                             on: connection)
                return true
            }
            if done { applied.append(migration.version) }
        }
        // A database written by a newer PaxSim is not opened: its schema is not this one.
        let newest = try pool.withConnection { connection in
            try pool.run("SELECT coalesce(max(version), 0) FROM paxsim_migrations", on: connection).rows.first
                .map { try $0.decode(Int.self) } ?? 0
        }
        guard let known = all.last?.version, newest <= known else {
            throw PostgresStoreError.configuration("the database has schema version \(newest); this PaxSim knows up to \(all.last?.version ?? 0)")
        }
        return applied
    }
}
