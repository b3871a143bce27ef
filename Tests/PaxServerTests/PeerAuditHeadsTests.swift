import Foundation
import GRDB
import Logging
import PaxExchange
import PaxMessages
import SafeXML
import Testing
@testable import PaxServer

/// Audit heads in signed acknowledgements: each agency's acknowledgements carry its audit
/// head, its peers keep the last one, and a log truncated or rewritten since is caught.
@Suite("Peer audit heads")
struct PeerAuditHeadsTests {
    static let hash = String(repeating: "ab", count: 32)

    @Test("an acknowledgement with an audit head is valid under the schema and round-trips; one without (1.0) is still valid")
    func acknowledgementSchema() throws {
        let header = MessageHeader(messageId: "US-CBP:ACK:1", correlationId: "SV-DGME:MAN:1", sender: "US-CBP", receiver: "SV-DGME",
                                   createdAt: ExchangeTimeText.timestamp(1_795_000_000_000))
        let with = Acknowledgement(header: header, referencedMessageId: "SV-DGME:MAN:1", status: .accepted,
                                   receivedDigest: Self.hash, auditHead: .init(sequence: 42, hash: Self.hash))
        let without = Acknowledgement(header: header, referencedMessageId: "SV-DGME:MAN:1", status: .accepted, receivedDigest: Self.hash)
        for ack in [with, without] {
            let bytes = try ack.xml()
            let (_, checked) = PayloadCheck.check(bytes)
            guard case .success(.acknowledgement(let decoded)) = checked else {
                Issue.record("not valid: \(checked)")
                continue
            }
            #expect(decoded == ack)
        }
        let text = String(decoding: try with.xml(), as: UTF8.self)
        let compact = text.filter { !$0.isWhitespace }
        #expect(compact.contains("</ReceivedDigest><AuditHead><Sequence>42</Sequence><Hash>\(Self.hash)</Hash></AuditHead></Acknowledgement>"),
                "\(text)")
        // A malformed head is refused by the schema.
        let bad = text.replacingOccurrences(of: "<Sequence>42</Sequence>", with: "<Sequence>0</Sequence>")
        guard case .failure = PayloadCheck.check(Array(bad.utf8)).1 else {
            Issue.record("a head with sequence 0 passed the schema")
            return
        }
    }

    @Test("each agency's acknowledgements carry its committed audit head; the peer keeps the furthest one")
    func headsTravelInAcknowledgements() async throws {
        let pair = try LiveAgencyTests.Pair()
        defer { pair.directory.remove() }
        let (svHeads, usLog) = try await Self.exchange(pair, manifests: 3)
        let kept = try #require(svHeads.first { $0.peer == "US-CBP" })
        #expect(svHeads.count == 1)
        // US-CBP's log has grown since (its own records of the exchange), and the kept head is on it.
        let usHead = try #require(try await usLog.head())
        #expect(kept.sequence >= 1 && kept.sequence <= usHead.sequence)
        #expect(try await usLog.verify(expectedHead: kept.head).isIntact)
        // Heads only move forward; the same sequence with another hash is a conflict, audited.
        let database = try pair.database("SV-DGME")
        let older = PeerAuditHead(peer: "US-CBP", sequence: kept.sequence - 1, hash: Self.hash, reportedAtMilliseconds: 1, messageId: "x")
        let forked = PeerAuditHead(peer: "US-CBP", sequence: kept.sequence, hash: Self.hash, reportedAtMilliseconds: 1, messageId: "y")
        let log = AuditLog(database: database)
        try await database.pool.write { db in
            #expect(try PeerAuditHeads.record(older, in: db) == .behind)
            try PeerAuditHeads.keep(forked, auditLog: log, in: db)
        }
        let stored = try await database.pool.read { db in try PeerAuditHeads.all(in: db) }
        #expect(stored == [kept])
        let conflicts = try await database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log WHERE kind = 'peer-audit-conflict'")
        }
        #expect(conflicts == 1)
    }

    @Test("the heads a peer kept catch a truncated log and a rewritten record; an intact log passes; by database or by export")
    func verifyAgainstPeerHeads() async throws {
        let pair = try LiveAgencyTests.Pair()
        defer { pair.directory.remove() }
        _ = try await Self.exchange(pair, manifests: 3)
        let usPath = pair.directory.file("US-CBP.sqlite"), svPath = pair.directory.file("SV-DGME.sqlite")
        let heads = try PeerAuditHeadsFile.heads(about: "US-CBP", in: svPath)
        #expect(heads.count == 1)
        let export = pair.directory.file("sv-heads.jsonl")
        try Data(PeerAuditHeadsFile.jsonLines(try PeerAuditHeadsFile.heads(inDatabase: svPath)).utf8).write(to: URL(fileURLWithPath: export))
        #expect(try PeerAuditHeadsFile.heads(about: "US-CBP", in: export) == heads)
        #expect(try AuditDatabaseCheck.agency(path: usPath) == "US-CBP")

        // Intact: passes against the heads, from the database and from the export.
        #expect(try AuditDatabaseCheck.verify(path: usPath, expectedHeads: heads.map(\.head)).isIntact)
        let kept = try #require(heads.first)

        // Truncated: the records from the kept head on are removed (the triggers dropped first,
        // as someone with the file could). The chain that is left is valid on its own.
        let truncated = try Self.tamperedCopy(of: usPath, in: pair.directory, name: "truncated") { db in
            try db.execute(sql: "DELETE FROM audit_log WHERE sequence >= ?", arguments: [kept.sequence])
        }
        #expect(try AuditDatabaseCheck.verify(path: truncated, expectedHeads: []).isIntact)
        guard case .broken(let cut) = try AuditDatabaseCheck.verify(path: truncated, expectedHeads: heads.map(\.head)) else {
            Issue.record("a truncated log passed")
            return
        }
        #expect(cut.problem == .truncated)

        // Rewritten: one record before the kept head changed, and every hash from there on
        // recomputed, so the chain is valid on its own; the kept head no longer matches.
        let rewritten = try Self.tamperedCopy(of: usPath, in: pair.directory, name: "rewritten") { db in
            try Self.rewrite(db, sequence: max(1, kept.sequence - 1))
        }
        #expect(try AuditDatabaseCheck.verify(path: rewritten, expectedHeads: []).isIntact)
        guard case .broken(let changed) = try AuditDatabaseCheck.verify(path: rewritten, expectedHeads: heads.map(\.head)) else {
            Issue.record("a rewritten log passed")
            return
        }
        #expect(changed.problem == .headMismatch && changed.sequence == kept.sequence)
    }

    @Test("a malformed head export is refused with its line")
    func malformedExport() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("heads.jsonl")
        let good = #"{"hash":"\#(Self.hash)","messageId":"m","peer":"US-CBP","reportedAtMilliseconds":1,"sequence":3}"#
        try Data((good + "\n" + good.replacingOccurrences(of: "\"sequence\":3", with: "\"sequence\":0") + "\n").utf8)
            .write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: AgencyDatabaseError.self) { try PeerAuditHeadsFile.heads(about: "US-CBP", in: path) }
        #expect(error.description.contains("line 2"), "\(error)")
        try Data("not json\n".utf8).write(to: URL(fileURLWithPath: path))
        let other = try #require(throws: AgencyDatabaseError.self) { try PeerAuditHeadsFile.heads(about: "US-CBP", in: path) }
        #expect(other.description.contains("line 1"), "\(other)")
    }

    // MARK: -

    /// SV-DGME sends `manifests` manifests to US-CBP and waits for their assessments; both
    /// agencies shut down. SV-DGME's kept heads, and US-CBP's audit log.
    static func exchange(_ pair: LiveAgencyTests.Pair, manifests: Int) async throws -> ([PeerAuditHead], AuditLog) {
        let sv = try await pair.open("SV-DGME"), us = try await pair.open("US-CBP")
        for seed in 1...manifests {
            let id = try await sv.submit(try LiveAgencyTests.manifest(seed: UInt64(seed)))
            try await LiveAgencyTests.waitFor("assessed") { await sv.manifests().first { $0.messageId == id }?.state == .assessed }
        }
        await sv.shutdown()
        await us.shutdown()
        let heads = try await pair.database("SV-DGME").pool.read { db in try PeerAuditHeads.all(in: db) }
        return (heads, AuditLog(database: try pair.database("US-CBP")))
    }

    /// A copy of the database at `path` changed by `change`, with the audit log's triggers removed.
    static func tamperedCopy(of path: String, in directory: TemporaryDirectory, name: String,
                             _ change: @escaping @Sendable (Database) throws -> Void) throws -> String {
        let copy = directory.file("\(name).sqlite")
        let source = try DatabaseQueue(path: path)
        try source.backup(to: try DatabaseQueue(path: copy))
        let queue = try DatabaseQueue(path: copy)
        try queue.write { db in
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'") {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try change(db)
        }
        return copy
    }

    /// Changes record `sequence`'s details and re-chains every record from it on.
    static func rewrite(_ db: Database, sequence: Int64) throws {
        var records = try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE sequence >= ? ORDER BY sequence", arguments: [sequence])
            .map(AuditLog.record)
        var previous = try String.fetchOne(db, sql: "SELECT hash FROM audit_log WHERE sequence = ?", arguments: [sequence - 1])
            ?? AuditChain.genesisHash
        for index in records.indices {
            if index == 0 { records[index].detailsJSON = #"{"outcome":"rewritten"}"# }
            records[index].previousHash = previous
            records[index].hash = AuditChain.hash(of: records[index])
            previous = records[index].hash
            try db.execute(sql: "UPDATE audit_log SET details = ?, prev_hash = ?, hash = ? WHERE sequence = ?",
                           arguments: [records[index].detailsJSON, records[index].previousHash, records[index].hash,
                                       records[index].sequence])
        }
    }
}
