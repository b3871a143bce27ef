import Foundation
import GRDB
import Testing
@testable import PaxServer

/// A database in a temporary directory, with `count` audit records appended.
struct AuditFixture {
    let directory: TemporaryDirectory
    let database: AgencyDatabase
    let log: AuditLog

    init(records count: Int = 0) async throws {
        directory = try TemporaryDirectory()
        database = try AgencyDatabase.open(path: directory.file("agency.sqlite"))
        log = AuditLog(database: database)
        for index in 1...max(count, 1) where count > 0 {
            try await log.append(AuditEvent(kind: index.isMultiple(of: 2) ? .messageOut : .messageIn, actor: "SV-DGME",
                                            messageId: "msg-\(index)", details: ["bytes": String(index * 100)]))
        }
    }

    /// Runs raw SQL as someone holding the file would: the append-only triggers dropped first.
    func tamper(_ sql: String) throws {
        try database.pool.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_log_append_only_update")
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_log_append_only_delete")
            try db.execute(sql: sql)
        }
    }

    func breakAt() async throws -> AuditBreak? {
        if case .broken(let problem) = try await log.verify() { return problem }
        return nil
    }
}

@Suite("Audit log")
struct AuditLogTests {
    @Test("an untouched chain verifies: record count and head")
    func intactChain() async throws {
        let fixture = try await AuditFixture(records: 20)
        defer { fixture.directory.remove() }
        let result = try await fixture.log.verify()
        let head = try #require(try await fixture.log.head())
        #expect(result == .intact(records: 20, head: head))
        #expect(head.sequence == 20)
        let records = try await fixture.log.records()
        #expect(records.map(\.sequence) == Array(1...20))
        #expect(records.first?.previousHash == String(repeating: "0", count: 64))
        for (previous, next) in zip(records, records.dropFirst()) { #expect(next.previousHash == previous.hash) }
        #expect(records[4].details == ["bytes": "500"])
        // The database is WAL and marked as a PaxSim database.
        let (mode, applicationID) = try await fixture.database.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int32.fetchOne(db, sql: "PRAGMA application_id"))
        }
        #expect(mode == "wal")
        #expect(applicationID == AgencyDatabase.applicationID)
    }

    @Test("an empty log is intact with no head")
    func emptyLog() async throws {
        let fixture = try await AuditFixture()
        defer { fixture.directory.remove() }
        #expect(try await fixture.log.verify() == .intact(records: 0, head: nil))
    }

    @Test("the triggers refuse UPDATE and DELETE through SQL")
    func appendOnly() async throws {
        let fixture = try await AuditFixture(records: 3)
        defer { fixture.directory.remove() }
        #expect(throws: DatabaseError.self) {
            try fixture.database.pool.write { db in try db.execute(sql: "UPDATE audit_log SET actor = 'x' WHERE sequence = 2") }
        }
        #expect(throws: DatabaseError.self) {
            try fixture.database.pool.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE sequence = 3") }
        }
        #expect(try await fixture.log.verify().isIntact)
    }

    @Test("altering one field of one record names that record as altered", arguments: [
        "details = '{\"bytes\":\"999\"}'", "actor = 'US-CBP'", "message_id = NULL", "recorded_at_ms = recorded_at_ms + 1",
        "kind = 'message-out'",
    ])
    func altered(change: String) async throws {
        let fixture = try await AuditFixture(records: 10)
        defer { fixture.directory.remove() }
        try fixture.tamper("UPDATE audit_log SET \(change) WHERE sequence = 7")
        let problem = try #require(try await fixture.breakAt())
        #expect(problem.sequence == 7)
        #expect(problem.problem == .altered)
    }

    @Test("deleting a middle record: removed, at the record after the gap")
    func removedMiddle() async throws {
        let fixture = try await AuditFixture(records: 10)
        defer { fixture.directory.remove() }
        try fixture.tamper("DELETE FROM audit_log WHERE sequence = 4")
        let problem = try #require(try await fixture.breakAt())
        #expect(problem.sequence == 5)
        #expect(problem.problem == .removed)
        #expect(problem.detail.contains("record 4"))
    }

    @Test("deleting a record and renumbering the rest: removed")
    func removedAndRenumbered() async throws {
        let fixture = try await AuditFixture(records: 10)
        defer { fixture.directory.remove() }
        try fixture.tamper("DELETE FROM audit_log WHERE sequence = 4")
        for sequence in 5...10 { try fixture.tamper("UPDATE audit_log SET sequence = \(sequence - 1) WHERE sequence = \(sequence)") }
        let problem = try #require(try await fixture.breakAt())
        #expect(problem.sequence == 4)
        #expect(problem.problem == .removed)
    }

    @Test("swapping two records' sequence numbers: reordered")
    func reordered() async throws {
        let fixture = try await AuditFixture(records: 10)
        defer { fixture.directory.remove() }
        try fixture.tamper("""
            UPDATE audit_log SET sequence = -1 WHERE sequence = 3;
            UPDATE audit_log SET sequence = 3 WHERE sequence = 6;
            UPDATE audit_log SET sequence = 6 WHERE sequence = -1;
            """)
        let problem = try #require(try await fixture.breakAt())
        #expect(problem.sequence == 3)
        #expect(problem.problem == .reordered)
        #expect(problem.detail.contains("now at sequence 5 (so it belongs at 6)"), "\(problem.detail)")
    }

    @Test("swapping two adjacent records: reordered")
    func reorderedAdjacent() async throws {
        let fixture = try await AuditFixture(records: 5)
        defer { fixture.directory.remove() }
        try fixture.tamper("""
            UPDATE audit_log SET sequence = -1 WHERE sequence = 2;
            UPDATE audit_log SET sequence = 2 WHERE sequence = 3;
            UPDATE audit_log SET sequence = 3 WHERE sequence = -1;
            """)
        let problem = try #require(try await fixture.breakAt())
        #expect(problem.sequence == 2)
        #expect(problem.problem == .reordered)
    }

    @Test("deleting the last record is invisible to the chain alone, found against a recorded head")
    func truncatedTail() async throws {
        let fixture = try await AuditFixture(records: 8)
        defer { fixture.directory.remove() }
        let checkpoint = try #require(try await fixture.log.head())
        try fixture.tamper("DELETE FROM audit_log WHERE sequence = 8")
        #expect(try await fixture.log.verify().isIntact)  // what is left is a valid chain
        let result = try await fixture.log.verify(expectedHead: checkpoint)
        guard case .broken(let problem) = result else { Issue.record("expected a break, got \(result)"); return }
        #expect(problem.problem == .truncated)
        #expect(problem.sequence == 8)
        // A later head still contains the checkpoint: appending more is fine.
        try await fixture.log.append(AuditEvent(kind: .messageIn, actor: "SV-DGME"))
        let head = try #require(try await fixture.log.head())
        #expect(try await fixture.log.verify(expectedHead: head).isIntact)
    }

    @Test("a tail rewritten with fresh hashes is a head mismatch against the recorded head")
    func rewrittenTail() async throws {
        let fixture = try await AuditFixture(records: 4)
        defer { fixture.directory.remove() }
        let checkpoint = try #require(try await fixture.log.head())
        let last = try #require(try await fixture.log.records(from: 4).first)
        var forged = last
        forged.actor = "forger"
        forged.hash = AuditChain.hash(of: forged)
        try fixture.tamper("UPDATE audit_log SET actor = 'forger', hash = '\(forged.hash)' WHERE sequence = 4")
        #expect(try await fixture.log.verify().isIntact)
        let result = try await fixture.log.verify(expectedHead: checkpoint)
        guard case .broken(let problem) = result else { Issue.record("expected a break, got \(result)"); return }
        #expect(problem.problem == .headMismatch)
        #expect(problem.sequence == 4)
    }

    @Test("a value of the wrong type in a column is reported, not a crash")
    func wrongType() async throws {
        let fixture = try await AuditFixture(records: 3)
        defer { fixture.directory.remove() }
        try fixture.tamper("UPDATE audit_log SET kind = 42, actor = x'00ff' WHERE sequence = 2")
        let problem = try #require(try await fixture.breakAt())
        #expect(problem.sequence == 2)
        #expect(problem.problem == .unreadable || problem.problem == .altered)
    }

    @Test("200 concurrent appends from 20 tasks form one valid chain")
    func concurrentAppends() async throws {
        let fixture = try await AuditFixture()
        defer { fixture.directory.remove() }
        let log = fixture.log
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<20 {
                group.addTask {
                    for index in 0..<10 {
                        try await log.append(AuditEvent(kind: .messageIn, actor: "peer-\(task)", messageId: "m-\(task)-\(index)"))
                    }
                }
            }
            try await group.waitForAll()
        }
        let result = try await log.verify()
        guard case .intact(let count, _) = result else { Issue.record("\(result)"); return }
        #expect(count == 200)
        let ids = Set(try await log.records().compactMap(\.messageId))
        #expect(ids.count == 200)
    }

    @Test("AuditHead parses its own description and refuses malformed text")
    func headParsing() {
        let head = AuditHead(sequence: 12, hash: String(repeating: "ab", count: 32))
        #expect(AuditHead(parsing: head.description) == head)
        for bad in ["", "12", "x:\(head.hash)", "0:\(head.hash)", "12:\(head.hash.uppercased())", "12:abc", "1:2:3"] {
            #expect(AuditHead(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("opening files that are not PaxSim agency databases")
    func notAPaxSimDatabase() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: AgencyDatabaseError.self) { try AuditDatabaseCheck.verify(path: directory.file("missing.sqlite"), expectedHead: nil) }
        try Data("not a database at all, just text".utf8).write(to: directory.url.appendingPathComponent("text.sqlite"))
        let text = try #require(throws: AgencyDatabaseError.self) { try AuditDatabaseCheck.verify(path: directory.file("text.sqlite"), expectedHead: nil) }
        #expect(text.reason.contains("not a SQLite database"))
        let other = try DatabaseQueue(path: directory.file("other.sqlite"))
        try await other.write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        try other.close()
        let foreign = try #require(throws: AgencyDatabaseError.self) { try AuditDatabaseCheck.verify(path: directory.file("other.sqlite"), expectedHead: nil) }
        #expect(foreign.reason.contains("not a PaxSim agency database"))
        #expect(throws: AgencyDatabaseError.self) { try AgencyDatabase.open(path: directory.file("other.sqlite")) }
    }
}
