import Foundation
import GRDB
import PaxExchange

/// Where the SQLite store keeps a manifest record's travellers: `exchange_manifest_travelers`,
/// one row per (submitter, id) holding the JSON array, apart from the rest of the record in
/// `exchange_manifest.record` (state, flight, outcomes..., with an empty travellers list).
///
/// An own manifest is put three times (submitted, delivered, assessed) with the same
/// travellers, nearly all of its bytes. Kept in one row, each put rewrote them (a WAL write, a
/// checkpoint write and, with `secure_delete`, the zeroing of the freed pages). Here the
/// travellers row is written only when its bytes change: the first put, and masking.
///
/// Rows written before this table hold the whole record in `exchange_manifest.record` and no
/// travellers row; they are read as they are, and split at their next put.
enum ManifestTravelersTable {
    /// Every manifest row with its travellers (NULL for a row holding its whole record).
    static let select = """
        SELECT m.submitter AS submitter, m.message_id AS message_id, m.record AS record, t.travelers AS travelers
        FROM exchange_manifest m
        LEFT JOIN exchange_manifest_travelers t ON t.submitter = m.submitter AND t.message_id = m.message_id
        """

    /// `select`, or on a database from before this table (a migration running before
    /// `v9-manifest-travellers-apart`) the same columns with NULL travellers.
    static func select(in db: Database) throws -> String {
        if try db.tableExists("exchange_manifest_travelers") { return select }
        return "SELECT submitter, message_id, record, NULL AS travelers FROM exchange_manifest"
    }

    /// The record's JSON from a row of `select`.
    static func record(_ row: Row) throws -> Data {
        let record = try row.decode(Data.self, forColumn: "record")
        guard let travelers = try row.decode(Data?.self, forColumn: "travelers") else { return record }
        return try ManifestRecordEncoding.joined(head: record, travelers: travelers)
    }

    /// Stores `record` under its (submitter, id), replacing the one there; its travellers row
    /// is written only when it differs from the one stored.
    static func put(_ record: ManifestRecord, encoding: ManifestRecordEncoding, in db: Database) throws {
        let key: StatementArguments = [record.submitter, record.messageId]
        guard let parts = try encoding.parts(record) else {
            // A layout `parts` does not know: the whole record in one row, as before.
            try putRow(record, json: try encoding.encode(record), in: db)
            try db.cachedStatement(sql: "DELETE FROM exchange_manifest_travelers WHERE submitter = ? AND message_id = ?")
                .execute(arguments: key)
            return
        }
        try putRow(record, json: parts.head, in: db)
        let stored = try Data.fetchOne(
            try db.cachedStatement(sql: "SELECT travelers FROM exchange_manifest_travelers WHERE submitter = ? AND message_id = ?"),
            arguments: key)
        guard stored != parts.travelers else { return }
        try db.cachedStatement(sql: """
            INSERT INTO exchange_manifest_travelers (submitter, message_id, travelers) VALUES (?, ?, ?)
            ON CONFLICT (submitter, message_id) DO UPDATE SET travelers = excluded.travelers
            """).execute(arguments: [record.submitter, record.messageId, parts.travelers])
    }

    private static func putRow(_ record: ManifestRecord, json: Data, in db: Database) throws {
        // Replaces only the record with the same (submitter, id): never another submitter's.
        try db.cachedStatement(sql: """
            INSERT INTO exchange_manifest (submitter, message_id, state, record) VALUES (?, ?, ?, ?)
            ON CONFLICT (submitter, message_id) DO UPDATE SET state = excluded.state, record = excluded.record
            """).execute(arguments: [record.submitter, record.messageId, record.state.rawValue, json])
    }

    /// Migration: the travellers table, empty (existing rows keep their whole record until
    /// their next put).
    static func createTable(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE exchange_manifest_travelers (
                submitter TEXT NOT NULL,
                message_id TEXT NOT NULL,
                travelers BLOB NOT NULL,
                PRIMARY KEY (submitter, message_id)
            );
            """)
    }
}
