public import Foundation
public import PaxServer
public import PaxExchange
import PostgresNIO

/// What one retention run on PostgreSQL did.
public struct PostgresRetentionRun: Sendable, Equatable {
    public var cutoff: Date
    /// Archived traveller rows whose names and contact were masked.
    public var maskedRows: Int
    /// Manifest records in the exchange tables whose travellers were masked.
    public var maskedManifests: Int
    /// Settled outgoing frames cut to their signed header.
    public var maskedFrames: Int
    /// Inbox replies removed.
    public var maskedReplies: Int
    /// The audit record that reports the run.
    public var auditSequence: Int64
}

/// Retention on PostgreSQL, the same duties as the SQLite archive (mask names and contact past
/// the period in the archive, the manifests, settled frames and stored replies; one audit record
/// per run), run by one instance at a time: a transaction-scoped advisory lock is tried first,
/// and an instance that does not get it does nothing (another one is running it now).
extension PostgresExchangeStore {
    /// Advisory lock key for retention ("paxretn" in ASCII).
    static let retentionLockKey: Int64 = 0x70_61_78_72_65_74_6e

    /// Runs retention for `policy` at `now`; nil when another instance holds the retention lock.
    public func applyRetention(_ policy: RetentionPolicy, now: Date, actor: String) throws(StoreError) -> PostgresRetentionRun? {
        let cutoff = policy.cutoff(now: now)
        let cutoffMilliseconds = Self.milliseconds(cutoff)
        let nowMilliseconds = Self.milliseconds(now)
        let mask = TravelerDataArchive.maskText
        return try writing("retention") { connection -> PostgresRetentionRun? in
            let locked = try pool.run("SELECT pg_try_advisory_xact_lock(\(Self.retentionLockKey))", on: connection).rows.first
                .map { try $0.decode(Bool.self) } ?? false
            guard locked else { return nil }
            let ids = try pool.run("""
                UPDATE traveller_data SET surname = \(mask), given_names = \(mask),
                    contact = CASE WHEN contact IS NULL THEN NULL ELSE \(mask) END, masked_at_ms = \(nowMilliseconds)
                WHERE masked_at_ms IS NULL AND received_at_ms < \(cutoffMilliseconds)
                RETURNING message_id
                """, on: connection).rows.map { try $0.decode(String.self) }
            var maskedManifests = 0
            for id in Set(ids).sorted() {
                for row in try pool.run("SELECT submitter, record FROM exchange_manifest WHERE message_id = \(id) FOR UPDATE",
                                        on: connection).rows {
                    let (submitter, data) = try row.decode((String, Data).self)
                    var record = try Self.decoder.decode(ManifestRecord.self, from: data)
                    record.travelers = record.travelers.map { SQLiteExchangeStore.masked($0, with: mask) }
                    let encoded = try Self.encoder.encode(record)
                    try pool.run("UPDATE exchange_manifest SET record = \(encoded) WHERE submitter = \(submitter) AND message_id = \(id)",
                                 on: connection)
                    maskedManifests += 1
                }
            }
            var maskedFrames = 0
            for row in try pool.run("""
                SELECT message_id, frame FROM exchange_outbox
                WHERE state IN ('answered', 'expired') AND created_at_ms < \(cutoffMilliseconds)
                  AND length(frame) > position('\\x0a0a'::bytea IN frame) + 1
                FOR UPDATE
                """, on: connection).rows {
                let (id, frame) = try row.decode((String, Data).self)
                let kept = SQLiteExchangeStore.headerSection(of: frame) ?? Data()
                try pool.run("UPDATE exchange_outbox SET frame = \(kept) WHERE message_id = \(id)", on: connection)
                maskedFrames += 1
            }
            let replies = try pool.run("""
                UPDATE exchange_inbox SET reply = NULL WHERE reply IS NOT NULL AND received_at_ms < \(cutoffMilliseconds)
                """, on: connection).metadata.rows ?? 0
            let record = try append(AuditEvent(
                kind: .retentionMask, actor: actor,
                details: ["masked_rows": String(ids.count), "masked_manifests": String(maskedManifests),
                          "masked_frames": String(maskedFrames), "masked_replies": String(replies),
                          "cutoff": ISO8601DateFormatter().string(from: cutoff), "mask_after_days": String(policy.maskAfterDays)]),
                on: connection)
            return PostgresRetentionRun(cutoff: cutoff, maskedRows: ids.count, maskedManifests: maskedManifests,
                                        maskedFrames: maskedFrames, maskedReplies: replies, auditSequence: record.sequence)
        }
    }

    /// The archived travellers of one message (names as stored now: masked after retention).
    public func archivedTravelers(of messageId: String) throws(StoreError) -> [TravelerDataRecord] {
        try reading("archive read") { connection in
            try pool.run("""
                SELECT message_id, traveller_ref, surname, given_names, contact, received_at_ms, masked_at_ms
                FROM traveller_data WHERE message_id = \(messageId) ORDER BY traveller_ref
                """, on: connection).rows.map { row in
                let (id, ref, surname, given, contact, received, masked) =
                    try row.decode((String, String, String, String, String?, Int64, Int64?).self)
                return TravelerDataRecord(messageId: id, travellerRef: ref, surname: surname, givenNames: given, contact: contact,
                                          receivedAt: Date(timeIntervalSince1970: Double(received) / 1000),
                                          maskedAt: masked.map { Date(timeIntervalSince1970: Double($0) / 1000) })
            }
        }
    }
}
