import Foundation
import GRDB
import PaxExchange
import PaxMessages
import Testing
@testable import PaxServer

/// The operators' overview of manifests (what the console reads by index): filled from the
/// stored manifests when an older database is opened, and written at receipt afterwards.
@Suite("Manifests overview")
struct ManifestOverviewTests {
    @Test("a database from before the overview opens: the console's hit reviews stay, the overview is filled from the stored manifests")
    func migratesADatabaseFromBeforeTheOverview() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("v6.sqlite")
        let sent = try LiveAgencyTests.manifest(seed: 21, travelers: 4), received = try LiveAgencyTests.manifest(seed: 22, travelers: 3)
        let references = sent.travelers.map(\.reference)
        try #require(references.count == 4)
        let own = ManifestRecord(messageId: sent.header.messageId, submitter: "SV-DGME", receiver: "US-CBP", state: .assessed,
                                 flight: try #require(FlightSummary(sent.flight)), travelers: sent.travelers,
                                 outcomes: [references[0]: .inspect, references[1]: .noBoard, references[2]: .cleared, references[3]: .cleared])
        let theirs = ManifestRecord(messageId: "US-CBP:MAN:OLD", submitter: "US-CBP", receiver: "SV-DGME", state: .received,
                                    flight: try #require(FlightSummary(received.flight)), travelers: received.travelers)
        let old = try AgencyDatabase.open(path: path, upTo: "v6-peer-audit-heads")
        try old.write { db in
            // The table as the console used to create it itself.
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS console_hit_review (
                    submitter TEXT NOT NULL, message_id TEXT NOT NULL, traveller_ref TEXT NOT NULL, verdict TEXT NOT NULL,
                    note TEXT NOT NULL, reviewer TEXT NOT NULL, reviewed_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (submitter, message_id, traveller_ref));
                CREATE INDEX IF NOT EXISTS console_audit_kind ON audit_log(kind, sequence);
                """)
            try db.execute(sql: "INSERT INTO console_hit_review VALUES (?, ?, ?, 'true-match', 'checked', 'ana', 1000)",
                           arguments: ["SV-DGME", own.messageId, references[0]])
            for record in [own, theirs] {
                try db.execute(sql: "INSERT INTO exchange_manifest (submitter, message_id, state, record) VALUES (?, ?, ?, ?)",
                               arguments: [record.submitter, record.messageId, record.state.rawValue, try JSONEncoder().encode(record)])
            }
        }
        try old.close()

        let database = try AgencyDatabase.open(path: path)
        let (manifests, flagged, reviews) = try database.pool.read { db in
            (try Row.fetchAll(db, sql: "SELECT * FROM overview_manifest ORDER BY own DESC"),
             try String.fetchAll(db, sql: """
                 SELECT traveller_ref || '=' || outcome FROM overview_traveller WHERE outcome <> 'Cleared' ORDER BY departure_ms, message_id, traveller_ref
                 """),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM console_hit_review") ?? 0)
        }
        #expect(manifests.count == 2)
        let first = try #require(manifests.first)
        #expect(first["message_id"] as String? == own.messageId && first["own"] as Int? == 1 && first["peer"] as String? == "US-CBP")
        #expect(first["travellers"] as Int? == 4 && first["cleared"] as Int? == 2 && first["inspect"] as Int? == 1
                && first["no_board"] as Int? == 1 && first["state"] as String? == "assessed")
        #expect(first["departure_ms"] as Int64? == Int64(own.flight.scheduledDeparture.secondsSince1970) * 1000)
        let last = try #require(manifests.last)
        #expect(last["own"] as Int? == 0 && last["peer"] as String? == "US-CBP" && last["travellers"] as Int? == 3)
        #expect(last["cleared"] as Int? == nil, "no assessment kept: the counts are unknown, not zero")
        #expect(flagged == ["\(references[0])=Inspect", "\(references[1])=NoBoard"])
        #expect(reviews == 1)
        try database.pool.close()
        // Opened again, nothing runs twice.
        let again = try AgencyDatabase.open(path: path)
        #expect(try again.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM overview_manifest") } == 2)
    }

    @Test("a manifest exchanged live is in both overviews: the receiver's with its screening and the frame as received")
    func liveExchangeWritesTheOverview() async throws {
        let pair = try LiveAgencyTests.Pair()
        defer { pair.directory.remove() }
        let sv = try await pair.open("SV-DGME"), us = try await pair.open("US-CBP")
        let manifest = try LiveAgencyTests.manifest(seed: 23, travelers: 5)
        let id = try await sv.submit(manifest)
        try await LiveAgencyTests.waitFor("assessed") { await sv.manifests().first { $0.messageId == id }?.state == .assessed }
        let databases = (sv: try pair.database("SV-DGME"), us: try pair.database("US-CBP"))
        let overview = { (database: AgencyDatabase) in
            try await database.pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM overview_manifest WHERE submitter = 'SV-DGME' AND message_id = ?", arguments: [id])
                    .map(OverviewRow.init)
            }
        }
        try await LiveAgencyTests.waitFor("the sender's overview shows the assessment") {
            try await overview(databases.sv)?.state == "assessed"
        }
        let sent = try #require(try await overview(databases.sv))
        let held = try #require(try await overview(databases.us))
        for row in [sent, held] {
            let counts = [row.cleared, row.inspect, row.noBoard].compactMap { $0 }
            #expect(counts.count == 3 && counts.reduce(0, +) == 5, "\(row)")
            #expect(row.travellers == 5 && row.carrier == manifest.flight.carrier)
        }
        #expect(sent.own == 1 && held.own == 0 && held.state == "received")
        let copies = try await databases.us.pool.read { db in try ReceivedCopies.copies(submitter: "SV-DGME", messageId: id, in: db) }
        #expect(copies.map(\.kind) == [.frame])
        let frame = try #require(copies.first?.bytes)
        let message = try WireFrame.decode(frame)
        #expect(message.messageId == id && String(decoding: message.payload, as: UTF8.self).contains(TravelerManifest.rootElementName))
        #expect(try await databases.sv.pool.read { db in try ReceivedCopies.copies(submitter: "SV-DGME", messageId: id, in: db) }.isEmpty)
        await sv.shutdown()
        await us.shutdown()
    }

    /// An `overview_manifest` row, read out of its database connection.
    struct OverviewRow: Sendable {
        var own: Int?, travellers: Int?, cleared: Int?, inspect: Int?, noBoard: Int?
        var state: String?, carrier: String?

        init(_ row: Row) {
            own = row["own"]
            travellers = row["travellers"]
            cleared = row["cleared"]
            inspect = row["inspect"]
            noBoard = row["no_board"]
            state = row["state"]
            carrier = row["carrier"]
        }
    }
}
