import Foundation
import PaxExchange
import PaxExchangeTesting
import PaxPostgres
import PaxServer
import Testing

@Suite("PostgresExchangeStore")
struct PostgresStoreContractTests {
    @Test("passes the StoreContract clause for clause, reopen included")
    func contract() throws {
        // Each clause gets a fresh database; `reopen` opens a second store (new connections) on the same one.
        var opened: [PostgresExchangeStore] = []
        defer { for store in opened { store.close() } }
        try StoreContract.verify(make: {
            let store = try PostgresTestDatabase("contract").store()
            opened.append(store)
            return store
        }, reopen: { store in
            let again = try PostgresExchangeStore(location: store.location, instance: "reopened")
            opened.append(again)
            return again
        })
    }

    @Test("migrations are versioned and applied once, whichever instance opens first")
    func migrations() throws {
        let database = try PostgresTestDatabase("migrate")
        let first = try database.store(instance: "a")
        let second = try database.store(instance: "b")
        defer {
            first.close()
            second.close()
        }
        #expect(try database.sql("SELECT string_agg(version::text, ',' ORDER BY version) FROM paxsim_migrations") == "1,2,3")
        #expect(try database.sql("SELECT count(*) FROM audit_head") == "1")
    }

    @Test("a database from a newer schema is refused with its version")
    func newerSchemaRefused() throws {
        let database = try PostgresTestDatabase("newer")
        try database.store().close()
        _ = try database.sql("INSERT INTO paxsim_migrations (version, name) VALUES (99, 'from the future')")
        #expect(throws: PostgresStoreError.configuration("the database has schema version 99; this PaxSim knows up to 3")) {
            try database.store()
        }
    }

    @Test("a settled outbox record keeps its stored frame; the snapshot holds it without")
    func settledFrameStaysStored() throws {
        let database = try PostgresTestDatabase("settled")
        let store = try database.store()
        defer { store.close() }
        let pending = OutboxRecord(messageId: "SV-DGME:MAN:2", receiver: "US-CBP", purpose: .manifest, frame: [80, 88, 10, 10, 0, 255],
                                   createdAt: 1, attempts: 1, nextAttemptAt: 2, state: .pending)
        try store.commit(StoreTransaction([.putOutbox(pending)]))
        #expect(try store.snapshot().outbox[pending.messageId] == pending)
        let answered = pending.settled(.answered)
        try store.commit(StoreTransaction([.putOutbox(answered)]))
        #expect(try store.snapshot().outbox[pending.messageId] == answered)
        #expect(answered.frame.isEmpty)
        #expect(try database.sql("SELECT encode(frame, 'hex') FROM exchange_outbox WHERE message_id = 'SV-DGME:MAN:2'") == "50580a0a00ff")
    }

    @Test("a damaged row is a StoreError, not a trap")
    func damagedRows() throws {
        let database = try PostgresTestDatabase("damaged")
        let store = try database.store()
        defer { store.close() }
        try store.commit(StoreTransaction([.putOutbox(OutboxRecord(
            messageId: "SV-DGME:MAN:1", receiver: "US-CBP", purpose: .manifest, frame: [1, 2, 3], createdAt: 1, attempts: 1,
            nextAttemptAt: 2, state: .pending))]))
        _ = try database.sql("UPDATE exchange_outbox SET attempts = -5")
        #expect(throws: StoreError.self) { try store.snapshot() }
        _ = try database.sql("UPDATE exchange_outbox SET attempts = 1, state = 'lost'")
        #expect(throws: StoreError.io("outbox record SV-DGME:MAN:1 has an unknown state 'lost'")) { try store.outgoingStatus(of: "SV-DGME:MAN:1") }
        _ = try database.sql("UPDATE exchange_outbox SET state = 'pending', purpose = '\\x00ff'::bytea")
        #expect(throws: StoreError.self) { try store.snapshot() }
    }

    @Test("the database URL is parsed, checked and printed without its password")
    func location() throws {
        let parsed = try PostgresLocation(url: "postgres://cbp:s%40cret@127.0.0.1:5433/us_cbp")
        #expect(parsed == PostgresLocation(host: "127.0.0.1", port: 5433, user: "cbp", password: "s@cret", database: "us_cbp"))
        #expect(parsed.description == "postgres://cbp:***@127.0.0.1:5433/us_cbp")
        #expect(try PostgresLocation(url: "postgresql://u@[::1]/db") == PostgresLocation(host: "::1", user: "u", database: "db"))
        for bad in ["mysql://u@h/db", "postgres://h:5432/db", "postgres://u@h:99999/db", "postgres://u@h", "postgres://u@/db"] {
            #expect(throws: PostgresStoreError.self) { try PostgresLocation(url: bad) }
        }
        #expect(throws: PostgresStoreError.configuration("database URL 'postgres://u:***@h:0/db': the port must be a number from 1 to 65535")) {
            try PostgresLocation(url: "postgres://u:pw@h:0/db")
        }
    }
}
