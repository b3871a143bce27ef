import Foundation
import GRDB
@testable import PaxConsole
import PaxServer
import Testing

/// The console's queries at scale: every list a page reads goes through an index (no scan of
/// manifests or travellers, no sort of more than a page), and pages come in the right order.
struct ConsoleQueryTests {
    static func database() throws -> (AgencyDatabase, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("console-query-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (try AgencyDatabase.open(path: directory.appendingPathComponent("agency.sqlite").path), directory)
    }

    /// The lines of `EXPLAIN QUERY PLAN` that read a table without an index.
    static func scans(_ sql: String, arguments: StatementArguments, in database: AgencyDatabase) throws -> [String] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).compactMap { row -> String? in
                let detail: String = row["detail"] ?? ""
                // A scan of the page sub-query's result (a co-routine of at most one page) is fine.
                guard detail.hasPrefix("SCAN"), !detail.contains("INDEX"), detail != "SCAN t" else { return nil }
                return detail
            }
        }
    }

    /// The Flights page's send timings come from the covering index, never from the table row
    /// (where they lie after the frame's overflow pages).
    @Test func sendStateIsReadFromTheCoveringIndex() throws {
        let (database, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = try database.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + ConsoleData.sendStateSQL, arguments: ["US-CBP:MAN:1"])
                .map { $0["detail"] ?? "" } as [String]
        }
        #expect(plan.count == 1 && plan[0].contains("USING COVERING INDEX exchange_outbox_send_state"), "\(plan)")
    }

    @Test func everyListIsReadByIndex() throws {
        let (database, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let filters = [
            ConsoleData.FlightFilter(), ConsoleData.FlightFilter(own: true), ConsoleData.FlightFilter(state: "received"),
            ConsoleData.FlightFilter(carrier: "TA"), ConsoleData.FlightFilter(own: false, state: "received", carrier: "TA"),
        ]
        for filter in filters {
            let (clause, arguments) = filter.sql
            #expect(try Self.scans(ConsoleData.flightsSQL(clause), arguments: arguments + [50, 0], in: database).isEmpty, "\(clause)")
            #expect(try Self.scans(ConsoleData.flightCountSQL(clause), arguments: arguments, in: database).isEmpty, "\(clause)")
            // Latest departure first comes from the index, not from sorting every manifest.
            let plan = try database.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + ConsoleData.flightsSQL(clause), arguments: arguments + [50, 0])
                    .map { $0["detail"] ?? "" } as [String]
            }
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(clause): \(plan)")
        }
        for soonest in [true, false] {
            let sql = ConsoleData.hitsSQL(soonestFirst: soonest)
            #expect(try Self.scans(sql, arguments: [50, 0], in: database).isEmpty)
            // The page of the queue is read in index order: only the 50 rows of the page are sorted.
            let plan = try database.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: [50, 0]).map { $0["detail"] ?? "" } as [String]
            }
            #expect(plan.contains { $0.contains("overview_traveller_queue") }, "\(plan)")
        }
        #expect(try Self.scans("SELECT count(*) FROM overview_traveller WHERE outcome <> 'Cleared'", arguments: [], in: database).isEmpty)
        #expect(try Self.scans("""
            SELECT message_id FROM exchange_outbox WHERE purpose = ? ORDER BY created_at_ms DESC LIMIT 50
            """, arguments: [AssistancePage.requestPurpose], in: database).isEmpty)
        #expect(try Self.scans("""
            SELECT message_id FROM exchange_inbox WHERE outcome >= 'assistance-' AND outcome < 'assistance.'
            ORDER BY received_at_ms DESC LIMIT 50
            """, arguments: [], in: database).isEmpty)
    }

    @Test func hitsQueueIsOrderedByDepartureAndPaged() throws {
        let (database, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        try database.pool.write { db in
            for index in 0..<30 {
                let outcome = index % 3 == 0 ? "Cleared" : (index % 3 == 1 ? "Inspect" : "NoBoard")
                try db.execute(sql: """
                    INSERT INTO overview_traveller (submitter, message_id, traveller_ref, departure_ms, outcome) VALUES ('X', ?, 'R', ?, ?)
                    """, arguments: ["X:M\(index)", (index * 7 % 30) * 1000, outcome])
            }
        }
        func page(_ soonest: Bool, offset: Int) throws -> [String] {
            try database.pool.read { db in
                try String.fetchAll(db, sql: "SELECT message_id FROM (\(ConsoleData.hitsSQL(soonestFirst: soonest)))",
                                    arguments: [5, offset])
            }
        }
        let departures = try database.pool.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT message_id, departure_ms FROM overview_traveller WHERE outcome <> 'Cleared'")
                .map { ($0["message_id"] as String, $0["departure_ms"] as Int64) })
        }
        #expect(departures.count == 20)
        let soonest = try (0..<4).flatMap { try page(true, offset: $0 * 5) }
        #expect(soonest.count == 20 && Set(soonest).count == 20)
        #expect(soonest.compactMap { departures[$0] } == departures.values.sorted())
        #expect(try page(false, offset: 0) == Array(soonest.reversed().prefix(5)))
    }

    @Test func timesAreFormattedAsISO8601InUTC() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        for milliseconds: Int64 in [1, 951_782_400_000, 1_764_770_710_123, 4_102_444_799_000] {
            #expect(ConsoleFormat.time(milliseconds) == formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000)) + "Z")
        }
        #expect(ConsoleFormat.time(0) == "—")
    }
}
