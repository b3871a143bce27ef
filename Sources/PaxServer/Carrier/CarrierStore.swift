import Foundation
import GRDB

/// The carrier API's durable records, in the agency database (`carrier_interchange`): one row
/// per (carrier, interchange reference) with the CONTRL answered (resent byte for byte to a
/// duplicate), the manifest it became, what its CUSRES needs, the CUSRES once made, and the
/// callback's progress. Rows are written in the same transaction as their audit records.
struct CarrierStore: Sendable {
    struct Row: Sendable, Equatable {
        var carrier: String
        var reference: String
        var receivedAtMilliseconds: Int64
        var contrl: [UInt8]
        var accepted: Bool
        var manifestId: String?
        var plan: CarrierAnswerPlan?
        var cusres: [UInt8]?
        var callbackAttempts: Int
        /// The callback got a 2xx, or its retries ran out.
        var callbackDone: Bool
    }

    let database: AgencyDatabase

    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE carrier_interchange (
                carrier TEXT NOT NULL,
                reference TEXT NOT NULL,
                received_at_ms INTEGER NOT NULL,
                contrl BLOB NOT NULL,
                accepted INTEGER NOT NULL,
                manifest_id TEXT,
                plan TEXT,
                cusres BLOB,
                cusres_at_ms INTEGER,
                callback_attempts INTEGER NOT NULL DEFAULT 0,
                callback_done INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (carrier, reference)
            );
            CREATE INDEX carrier_interchange_manifest ON carrier_interchange(manifest_id);
            CREATE INDEX carrier_interchange_unanswered ON carrier_interchange(manifest_id) WHERE cusres IS NULL AND accepted = 1;
            """)
    }

    func row(carrier: String, reference: String) async throws -> Row? {
        try await database.pool.read { db in
            try GRDB.Row.fetchOne(db, sql: "SELECT * FROM carrier_interchange WHERE carrier = ? AND reference = ?",
                                  arguments: [carrier, reference]).map(Self.decodeRow)
        }
    }

    func row(manifestId: String) async throws -> Row? {
        try await database.pool.read { db in
            try GRDB.Row.fetchOne(db, sql: "SELECT * FROM carrier_interchange WHERE manifest_id = ?", arguments: [manifestId])
                .map(Self.decodeRow)
        }
    }

    /// Accepted interchanges still waiting for their CUSRES.
    func unanswered() async throws -> [Row] {
        try await database.pool.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT * FROM carrier_interchange WHERE cusres IS NULL AND accepted = 1 ORDER BY received_at_ms")
                .map(Self.decodeRow)
        }
    }

    /// Answered interchanges whose callback is still owed.
    func callbacksOwed() async throws -> [Row] {
        try await database.pool.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT * FROM carrier_interchange WHERE cusres IS NOT NULL AND callback_done = 0 ORDER BY cusres_at_ms")
                .map(Self.decodeRow)
        }
    }

    /// The next CONTRL/CUSRES interchange control reference (increasing, at most 14 digits).
    static func nextControlReference(_ db: Database) throws -> String {
        let count = try Int64.fetchOne(db, sql: "SELECT count(*) FROM carrier_interchange") ?? 0
        let answered = try Int64.fetchOne(db, sql: "SELECT count(*) FROM carrier_interchange WHERE cusres IS NOT NULL") ?? 0
        return String(count + answered + 1)
    }

    static func insert(_ row: Row, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO carrier_interchange (carrier, reference, received_at_ms, contrl, accepted, manifest_id, plan)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [row.carrier, row.reference, row.receivedAtMilliseconds, Data(row.contrl), row.accepted ? 1 : 0,
                             row.manifestId, try row.plan.map(Self.encode)])
    }

    static func setCUSRES(_ bytes: [UInt8], carrier: String, reference: String, at: Int64, callbackOwed: Bool,
                          in db: Database) throws {
        try db.execute(sql: """
            UPDATE carrier_interchange SET cusres = ?, cusres_at_ms = ?, callback_done = ?
            WHERE carrier = ? AND reference = ? AND cusres IS NULL
            """, arguments: [Data(bytes), at, callbackOwed ? 0 : 1, carrier, reference])
    }

    static func recordCallback(carrier: String, reference: String, attempts: Int, done: Bool, in db: Database) throws {
        try db.execute(sql: "UPDATE carrier_interchange SET callback_attempts = ?, callback_done = ? WHERE carrier = ? AND reference = ?",
                       arguments: [attempts, done ? 1 : 0, carrier, reference])
    }

    private static func encode(_ plan: CarrierAnswerPlan) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(plan), as: UTF8.self)
    }

    static func decodeRow(_ row: GRDB.Row) -> Row {
        let planText: String? = row["plan"]
        let contrl: Data = row["contrl"]
        let cusres: Data? = row["cusres"]
        let accepted: Int = row["accepted"]
        let done: Int = row["callback_done"]
        return Row(carrier: row["carrier"], reference: row["reference"], receivedAtMilliseconds: row["received_at_ms"],
                   contrl: Array(contrl), accepted: accepted != 0, manifestId: row["manifest_id"],
                   plan: planText.flatMap { try? JSONDecoder().decode(CarrierAnswerPlan.self, from: Data($0.utf8)) },
                   cusres: cusres.map(Array.init), callbackAttempts: row["callback_attempts"], callbackDone: done != 0)
    }
}
