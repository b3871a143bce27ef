import Foundation
import GRDB
import PaxExchange
import PaxExchangeTesting
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
}
