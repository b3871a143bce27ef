public import Foundation
public import GRDB

/// Where the SQLite store keeps its outgoing frames: `exchange_outbox_frame`, one row per
/// message id, apart from the outbox record's send state (`exchange_outbox`).
///
/// A frame never changes for its id (a resend is the same bytes), while the record's state
/// and attempts change on every acknowledgement or retry. Kept in one row, each such change
/// rewrote the whole frame (hundreds of KB for a large manifest: a WAL write, a checkpoint
/// write and, with `secure_delete`, the zeroing of the freed pages). Here the frame is written
/// once, and afterwards only retention changes it (`SQLiteExchangeStore.maskSettledFrames`
/// cuts it down to its header section).
public enum OutboxFrameTable {
    /// Stores `frame` as the frame of `messageId` unless that id already has one: a record
    /// put again (a state change, or a put after retention masked the frame) never writes
    /// the frame again, so a masked frame stays masked.
    static func insertOnce(_ frame: [UInt8], for messageId: String, in db: Database) throws {
        // Looked up first, so the frame's bytes are not even copied for a state change.
        if try Bool.fetchOne(try db.cachedStatement(sql: "SELECT 1 FROM exchange_outbox_frame WHERE message_id = ?"),
                             arguments: [messageId]) != nil {
            return
        }
        try db.cachedStatement(sql: """
            INSERT INTO exchange_outbox_frame (message_id, frame) VALUES (?, ?) ON CONFLICT (message_id) DO NOTHING
            """).execute(arguments: [messageId, Data(frame)])
    }

    /// The stored frame of `messageId` (nil when none), from the table this database keeps
    /// frames in (a migration running before `v9-outbox-frames-apart` finds them in `exchange_outbox`).
    public static func frame(of messageId: String, in db: Database) throws -> Data? {
        let table = try db.tableExists("exchange_outbox_frame") ? "exchange_outbox_frame" : "exchange_outbox"
        return try Data.fetchOne(db, sql: "SELECT frame FROM \(table) WHERE message_id = ?", arguments: [messageId])
    }

    /// Migration: creates the frame table and moves every existing outbox frame into it
    /// (every outbox row keeps its frame), then drops the frame column of `exchange_outbox`.
    static func moveFramesApart(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE exchange_outbox_frame (
                message_id TEXT PRIMARY KEY,
                frame BLOB NOT NULL
            );
            INSERT INTO exchange_outbox_frame (message_id, frame) SELECT message_id, frame FROM exchange_outbox;
            ALTER TABLE exchange_outbox DROP COLUMN frame;
            """)
    }
}
