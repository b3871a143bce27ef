import Foundation
public import GRDB

/// The bytes of a manifest exactly as they reached the agency, kept for its operators (the
/// console shows them escaped): the signed frame of a manifest received from a peer, and the
/// carrier's PAXLST interchange of a manifest that came through the carrier API. Written in
/// the transaction that stores the manifest; retention removes the bytes (the row stays, so
/// the console can say they were removed) like every other copy of traveller data.
public enum ReceivedCopies {
    /// What kind of copy a row holds.
    public enum Kind: String, Sendable, CaseIterable {
        /// The signed wire frame (header section and XML payload) from a peer.
        case frame
        /// A carrier's UN/EDIFACT PAXLST interchange.
        case paxlst
    }

    /// One copy of a manifest; `bytes` is nil once retention removed them.
    public struct Copy: Sendable, Equatable {
        public var kind: Kind
        public var receivedAt: Int64
        public var bytes: [UInt8]?
    }

    static func createTable(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE received_copy (
                submitter TEXT NOT NULL,
                message_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                received_at_ms INTEGER NOT NULL,
                bytes BLOB,
                PRIMARY KEY (submitter, message_id, kind)
            );
            CREATE INDEX received_copy_held ON received_copy(received_at_ms) WHERE bytes IS NOT NULL;
            CREATE INDEX received_copy_message ON received_copy(message_id);
            """)
    }

    /// Keeps `bytes` as the copy of manifest (submitter, id); a second copy of the same kind is ignored.
    static func insert(submitter: String, messageId: String, kind: Kind, bytes: [UInt8], receivedAt: Int64,
                       in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO received_copy (submitter, message_id, kind, received_at_ms, bytes) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [submitter, messageId, kind.rawValue, receivedAt, Data(bytes)])
    }

    /// The copies of manifest (submitter, id), frame first.
    public static func copies(submitter: String, messageId: String, in db: Database) throws -> [Copy] {
        try Row.fetchAll(db, sql: """
            SELECT kind, received_at_ms, bytes FROM received_copy WHERE submitter = ? AND message_id = ? ORDER BY kind
            """, arguments: [submitter, messageId]).compactMap { row in
            guard let kind = Kind(rawValue: row["kind"] ?? "") else { return nil }
            let bytes: Data? = row["bytes"]
            return Copy(kind: kind, receivedAt: row["received_at_ms"] ?? 0, bytes: bytes.map { Array($0) })
        }
    }

    /// Removes the bytes of copies received before `cutoff` (retention); returns how many.
    static func remove(receivedBefore cutoff: Int64, in db: Database) throws -> Int {
        try db.execute(sql: "UPDATE received_copy SET bytes = NULL WHERE bytes IS NOT NULL AND received_at_ms < ?",
                       arguments: [cutoff])
        return db.changesCount
    }

    /// Removes the bytes of every copy of manifests `ids` (a manifest held masked); returns how many.
    static func remove(ofManifests ids: [String], in db: Database) throws -> Int {
        var count = 0
        for id in ids {
            try db.execute(sql: "UPDATE received_copy SET bytes = NULL WHERE message_id = ? AND bytes IS NOT NULL", arguments: [id])
            count += db.changesCount
        }
        return count
    }
}
