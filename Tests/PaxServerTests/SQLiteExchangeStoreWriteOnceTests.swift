import Foundation
import GRDB
import PaxExchange
import PaxMessages
import Testing
@testable import PaxServer

/// The SQLite store writes an outgoing frame and a manifest's travellers once: state changes
/// rewrite small rows only. Databases from before keep every record.
@Suite("SQLite exchange store: large values written once")
struct SQLiteExchangeStoreWriteOnceTests {
    /// An own manifest of `travelers` travellers as submitted, and its pending outgoing frame.
    static func sample(seed: UInt64 = 21, travelers: Int = 3) throws -> (manifest: ManifestRecord, outbox: OutboxRecord) {
        let manifest = try LiveAgencyTests.manifest(seed: seed, travelers: travelers)
        let id = manifest.header.messageId
        let record = ManifestRecord(messageId: id, submitter: "SV-DGME", receiver: "US-CBP", state: .submitted,
                                    flight: try #require(FlightSummary(manifest.flight)), travelers: manifest.travelers)
        let frame = Array("PAXSIM-FRAME/1\nmessage-id: \(id)\n\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 50_000)
        let outbox = OutboxRecord(messageId: id, receiver: "US-CBP", purpose: .manifest, frame: frame, createdAt: 1_000,
                                  attempts: 1, nextAttemptAt: 31_000, state: .pending)
        return (record, outbox)
    }

    /// Logs every insert, update and delete on the frame and travellers tables into `write_log`.
    static func logWrites(_ database: AgencyDatabase) throws {
        try database.pool.write { db in
            try db.execute(sql: "CREATE TABLE write_log (seq INTEGER PRIMARY KEY, entry TEXT NOT NULL)")
            for table in ["exchange_outbox_frame", "exchange_manifest_travelers"] {
                for operation in ["INSERT", "UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER log_\(table)_\(operation) AFTER \(operation) ON \(table)
                        BEGIN INSERT INTO write_log (entry) VALUES ('\(table) \(operation)'); END
                        """)
                }
            }
        }
    }

    /// A new store in a temporary directory, which the caller removes.
    static func freshStore() throws -> (directory: TemporaryDirectory, database: AgencyDatabase, store: SQLiteExchangeStore) {
        let directory = try TemporaryDirectory()
        do {
            let database = try AgencyDatabase.open(path: directory.file("a.sqlite"))
            return (directory, database, SQLiteExchangeStore(database: database))
        } catch {
            directory.remove()
            throw error
        }
    }

    static func writes(_ database: AgencyDatabase) throws -> [String] {
        try database.pool.read { db in try String.fetchAll(db, sql: "SELECT entry FROM write_log ORDER BY seq") }
    }

    @Test("a manifest delivered and assessed, its frame retried and acknowledged: frame and travellers written once")
    func writtenOnceThroughALifecycle() throws {
        let (directory, database, store) = try Self.freshStore()
        defer { directory.remove() }
        try Self.logWrites(database)
        var (manifest, outbox) = try Self.sample()

        try store.commit(StoreTransaction([.putManifest(manifest), .putOutbox(outbox)]))
        outbox.attempts = 2
        outbox.nextAttemptAt = 61_000
        try store.commit(StoreTransaction([.putOutbox(outbox)]))
        let sent = outbox.frame
        outbox = outbox.settled(.answered)
        manifest.state = .delivered
        manifest.assessmentDeadline = 900_000
        try store.commit(StoreTransaction([.putManifest(manifest), .putOutbox(outbox)]))
        manifest.state = .assessed
        manifest.outcomes = Dictionary(uniqueKeysWithValues: manifest.travelers.map { ($0.reference, .cleared) })
        try store.commit(StoreTransaction([.putManifest(manifest)]))

        #expect(try Self.writes(database) == ["exchange_manifest_travelers INSERT", "exchange_outbox_frame INSERT"])
        let snapshot = try store.snapshot()
        #expect(snapshot.manifests == [manifest.key: manifest])
        #expect(snapshot.outbox == [outbox.messageId: outbox])
        #expect(snapshot.outbox[outbox.messageId]?.frame == [])
        // Settled: the snapshot holds no frame, the store still holds the bytes that were sent.
        #expect(try database.pool.read { db in try OutboxFrameTable.frame(of: outbox.messageId, in: db) } == Data(sent))
        #expect(try store.manifest(manifest.key) == manifest)
        #expect(try store.outgoingStatus(of: outbox.messageId) == .outgoing(.answered, attempts: 2))
        let reopened = SQLiteExchangeStore(database: try AgencyDatabase.open(path: database.path))
        #expect(try reopened.snapshot() == snapshot)
    }

    @Test("other travellers under the same key replace the stored ones (the store still replaces whole records)")
    func changedTravellersAreWritten() throws {
        let (directory, database, store) = try Self.freshStore()
        defer { directory.remove() }
        try Self.logWrites(database)
        var manifest = try Self.sample().manifest
        try store.commit(StoreTransaction([.putManifest(manifest)]))
        manifest.travelers.removeLast()
        try store.commit(StoreTransaction([.putManifest(manifest)]))
        #expect(try store.manifest(manifest.key) == manifest)
        #expect(try Self.writes(database) == ["exchange_manifest_travelers INSERT", "exchange_manifest_travelers UPDATE"])
    }

    @Test("an outbox record put again after retention masked its frame keeps the masked frame")
    func maskedFrameStaysMasked() throws {
        let (directory, database, store) = try Self.freshStore()
        defer { directory.remove() }
        var outbox = try Self.sample().outbox
        outbox.state = .answered
        try store.commit(StoreTransaction([.putOutbox(outbox)]))
        let masked = try database.pool.write { db in try SQLiteExchangeStore.maskSettledFrames(createdBefore: 2_000, in: db) }
        #expect(masked == 1)
        let header = try #require(SQLiteExchangeStore.headerSection(of: Data(outbox.frame)))
        let stored = { try database.pool.read { db in try OutboxFrameTable.frame(of: outbox.messageId, in: db) } }
        #expect(try stored() == header)
        // A settled record's snapshot holds no frame, masked or not.
        #expect(try store.snapshot().outbox[outbox.messageId]?.frame == [])
        // A copy that still has the whole frame: putting it again changes the state only.
        outbox.attempts = 3
        try store.commit(StoreTransaction([.putOutbox(outbox)]))
        #expect(try stored() == header)
        #expect(try store.snapshot().outbox == [outbox.messageId: outbox.settled(.answered)])
    }

    @Test("a database from before (frames and travellers in their records' rows) opens with every record read back identical")
    func migratesOldRows() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("v8.sqlite")
        let own = try Self.sample(travelers: 4)
        var assessed = own.manifest
        assessed.state = .assessed
        assessed.outcomes = Dictionary(uniqueKeysWithValues: assessed.travelers.map { ($0.reference, .inspect) })
        var received = try Self.sample(seed: 22, travelers: 2).manifest
        received.submitter = "GT-IGM"
        received.receiver = "SV-DGME"
        received.state = .received
        try #require(received.messageId != assessed.messageId)
        var answered = own.outbox
        answered.state = .answered
        let request = OutboxRecord(messageId: "SV-DGME:MSG:00000000000000aa", receiver: "GT-IGM", purpose: .assistanceRequest,
                                   frame: [0, 255, 10, 10, 13], createdAt: 2_000, attempts: 4, nextAttemptAt: 9_000, state: .pending)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let old = try AgencyDatabase.open(path: path, upTo: "v8-outbox-send-state")
        try old.write { db in
            for record in [assessed, received] {
                try db.execute(sql: "INSERT INTO exchange_manifest (submitter, message_id, state, record) VALUES (?, ?, ?, ?)",
                               arguments: [record.submitter, record.messageId, record.state.rawValue, try encoder.encode(record)])
            }
            for record in [answered, request] {
                try db.execute(sql: """
                    INSERT INTO exchange_outbox (message_id, receiver, purpose, frame, created_at_ms, attempts, next_attempt_at_ms, state)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [record.messageId, record.receiver, try encoder.encode(record.purpose), Data(record.frame),
                                     record.createdAt, record.attempts, record.nextAttemptAt, record.state.rawValue])
            }
        }
        try old.close()

        let database = try AgencyDatabase.open(path: path)
        let store = SQLiteExchangeStore(database: database)
        let expected = StoreSnapshot(manifests: [assessed.key: assessed, received.key: received],
                                     outbox: [answered.messageId: answered.settled(.answered), request.messageId: request])
        #expect(try store.snapshot() == expected)
        let storedFrame = { (id: String) in try database.pool.read { db in try OutboxFrameTable.frame(of: id, in: db) } }
        #expect(try storedFrame(answered.messageId) == Data(answered.frame))
        #expect(try store.manifest(received.key) == received)
        let columns = try database.pool.read { db in try db.columns(in: "exchange_outbox").map(\.name) }
        #expect(!columns.contains("frame"), "\(columns)")
        // An old row is split at its next put and reads back the same; retention still masks both.
        try store.commit(StoreTransaction([.putManifest(assessed)]))
        #expect(try store.manifest(assessed.key) == assessed)
        let masked = try database.pool.write { db in
            (try SQLiteExchangeStore.maskTravelers(ofManifests: [assessed.messageId, received.messageId], with: "XXXX", in: db),
             try SQLiteExchangeStore.maskSettledFrames(createdBefore: 5_000, in: db))
        }
        #expect(masked.0 == 2 && masked.1 == 1, "\(masked)")
        let after = try store.snapshot()
        #expect(after.manifests.values.allSatisfy { $0.travelers.allSatisfy { $0.surname == "XXXX" } })
        #expect(after.manifests[assessed.key]?.outcomes == assessed.outcomes)
        let header = try #require(SQLiteExchangeStore.headerSection(of: Data(answered.frame)))
        #expect(try storedFrame(answered.messageId) == header)
        #expect(after.outbox[answered.messageId] == answered.settled(.answered))
        #expect(after.outbox[request.messageId] == request)
    }
}
