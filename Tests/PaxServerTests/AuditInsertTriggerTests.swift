import Foundation
import GRDB
import Testing
@testable import PaxServer

/// The `BEFORE INSERT` trigger: the only row SQL may add to the audit log is the next
/// sequence number carrying the last record's hash (which closes `REPLACE INTO`, a delete the
/// update/delete triggers never see).
@Suite("Audit log insert trigger")
struct AuditInsertTriggerTests {
    /// A record's columns, in the order of `insert`.
    static func values(_ record: AuditRecord) -> StatementArguments {
        [record.sequence, record.recordedAtMilliseconds, record.kind.rawValue, record.actor, record.messageId,
         record.travellerRef, record.detailsJSON, record.previousHash, record.hash]
    }

    static let insert = "INTO audit_log (sequence, recorded_at_ms, kind, actor, message_id, traveller_ref, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"

    @Test("REPLACE INTO an existing record is refused, even with a correctly re-hashed record, and the chain still verifies")
    func replaceRefused() async throws {
        let fixture = try await AuditFixture(records: 5)
        defer { fixture.directory.remove() }
        let before = try await fixture.log.records()
        for sequence in [1, 3, 5] {
            var forged = before[sequence - 1]
            forged.actor = "forger"
            forged.hash = AuditChain.hash(of: forged)
            for verb in ["REPLACE", "INSERT OR REPLACE"] {
                let error = try #require(throws: DatabaseError.self) {
                    try fixture.database.pool.write { db in try db.execute(sql: verb + " " + Self.insert, arguments: Self.values(forged)) }
                }
                #expect(error.message?.contains("next sequence number") == true, "\(error)")
            }
        }
        #expect(try await fixture.log.records() == before)
        #expect(try await fixture.log.verify() == .intact(records: 5, head: AuditHead(sequence: 5, hash: before[4].hash)))
    }

    @Test("an insert that skips a sequence number, reuses one, lets SQLite pick it, or names the wrong previous hash is refused")
    func outOfSequenceRefused() async throws {
        let fixture = try await AuditFixture(records: 3)
        defer { fixture.directory.remove() }
        let last = try #require(try await fixture.log.records().last)
        var next = last
        next.sequence = 4
        next.previousHash = last.hash
        next.hash = AuditChain.hash(of: next)
        var skipping = next
        skipping.sequence = 5
        var wrongPrevious = next
        wrongPrevious.previousHash = String(repeating: "a", count: 64)
        let refused: [(String, StatementArguments)] = [
            ("INSERT " + Self.insert, Self.values(skipping)),
            ("INSERT OR IGNORE " + Self.insert, Self.values(skipping)),
            ("INSERT " + Self.insert, Self.values(wrongPrevious)),
            ("INSERT INTO audit_log (recorded_at_ms, kind, actor, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)",
             [next.recordedAtMilliseconds, next.kind.rawValue, next.actor, next.detailsJSON, next.previousHash, next.hash]),
        ]
        for (sql, arguments) in refused {
            #expect(throws: DatabaseError.self, "\(sql)") {
                try fixture.database.pool.write { db in try db.execute(sql: sql, arguments: arguments) }
            }
        }
        #expect(try await fixture.log.records().count == 3)
        // The next record itself goes in, as the log's own append does.
        let nextValues = Self.values(next)
        try await fixture.database.pool.write { db in try db.execute(sql: "INSERT " + Self.insert, arguments: nextValues) }
        try await fixture.log.append(AuditEvent(kind: .messageIn, actor: "SV-DGME"))
        let head = try await fixture.log.head()
        #expect(head?.sequence == 5)
        #expect(try await fixture.log.verify() == .intact(records: 5, head: head))
    }

    @Test("the first record must be sequence 1 after the genesis hash")
    func firstRecord() async throws {
        let fixture = try await AuditFixture()
        defer { fixture.directory.remove() }
        var first = AuditRecord(sequence: 1, recordedAtMilliseconds: 1, kind: .messageIn, actor: "SV-DGME", messageId: nil,
                                travellerRef: nil, detailsJSON: "{}", previousHash: String(repeating: "1", count: 64), hash: "")
        first.hash = AuditChain.hash(of: first)
        #expect(throws: DatabaseError.self) {
            try fixture.database.pool.write { db in try db.execute(sql: "INSERT " + Self.insert, arguments: Self.values(first)) }
        }
        first.previousHash = AuditChain.genesisHash
        first.hash = AuditChain.hash(of: first)
        let firstValues = Self.values(first)
        try await fixture.database.pool.write { db in try db.execute(sql: "INSERT " + Self.insert, arguments: firstValues) }
        #expect(try await fixture.log.verify().isIntact)
    }
}
