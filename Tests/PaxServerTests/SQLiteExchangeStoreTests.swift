import Foundation
import GRDB
import PaxExchange
import PaxExchangeTesting
import PaxMessages
import Testing
@testable import PaxServer

@Suite("SQLite exchange store")
struct SQLiteExchangeStoreTests {
    @Test("passes the same store contract as the in-memory store, including a reopen from the file")
    func contract() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var count = 0
        try StoreContract.verify(
            make: {
                count += 1
                return SQLiteExchangeStore(database: try AgencyDatabase.open(path: directory.file("store-\(count).sqlite")))
            },
            reopen: { store in SQLiteExchangeStore(database: try AgencyDatabase.open(path: store.database.path)) })
        #expect(count >= StoreContract.Clause.allCases.count - 1)
    }

    @Test("a commit whose audit part fails leaves neither the state change nor any audit record")
    func auditFailureRollsBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try AgencyDatabase.open(path: directory.file("a.sqlite"))
        let store = SQLiteExchangeStore(database: database)
        let inbox = InboxRecord(messageId: "M-1", sender: "SV-DGME", receivedAt: 1_000, payloadDigest: nil, reply: [1, 2, 3],
                                outcome: .manifestAccepted)
        struct Boom: Error {}
        #expect(throws: StoreError.self) {
            try store.commit(StoreTransaction([.insertInbox(inbox)])) { db in
                try AuditLog(database: database).append(AuditEvent(kind: .messageIn, actor: "SV-DGME", messageId: "M-1"), in: db)
                throw Boom()
            }
        }
        #expect(try store.snapshot().inbox.isEmpty)
        #expect(try database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") } == 0)
        // The same commit without the failure goes through, audit record included.
        try store.commit(StoreTransaction([.insertInbox(inbox)])) { db in
            try AuditLog(database: database).append(AuditEvent(kind: .messageIn, actor: "SV-DGME", messageId: "M-1"), in: db)
        }
        #expect(try store.inboxRecord(inbox.key) == inbox)
        #expect(try database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") } == 1)
    }

    @Test("a database written before message identity (v2, keyed by id) is migrated with every row kept, keyed by sender")
    func migratesAnIdKeyedDatabase() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("v2.sqlite")
        let manifest = try LiveAgencyTests.manifest(seed: 4, travelers: 2)
        let id = manifest.header.messageId
        let record = ManifestRecord(messageId: id, submitter: "SV-DGME", receiver: "US-CBP", state: .received,
                                    flight: try #require(FlightSummary(manifest.flight)), travelers: manifest.travelers)
        let old = try AgencyDatabase.open(path: path, upTo: "v2-exchange-store")
        try old.write { db in
            try db.execute(sql: "INSERT INTO exchange_manifest (message_id, state, record) VALUES (?, ?, ?)",
                           arguments: [id, "received", try JSONEncoder().encode(record)])
            try db.execute(sql: "INSERT INTO exchange_inbox (message_id, sender, received_at_ms, reply, outcome) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, "SV-DGME", 1_000, Data([1, 2, 3]), "manifest-accepted"])
        }
        try old.close()

        let store = SQLiteExchangeStore(database: try AgencyDatabase.open(path: path))
        let key = MessageKey(sender: "SV-DGME", messageId: id)
        let snapshot = try store.snapshot()
        #expect(snapshot.manifests == [key: record])
        #expect(snapshot.inbox == [key: InboxRecord(messageId: id, sender: "SV-DGME", receivedAt: 1_000, payloadDigest: nil,
                                                    reply: [1, 2, 3], outcome: .manifestAccepted)])
        // The same id from another sender is now a record of its own, refused by nothing.
        var shadow = record
        shadow.submitter = "GT-IGM"
        shadow.travelers = []
        try store.commit(StoreTransaction([.putManifest(shadow), .insertInbox(InboxRecord(
            messageId: id, sender: "GT-IGM", receivedAt: 2_000, payloadDigest: nil, reply: nil, outcome: .rejectedForeignId))]))
        #expect(try store.snapshot().manifests[key] == record)
        #expect(try store.inboxRecord(key)?.reply == [1, 2, 3])
    }
}
