import Foundation
import GRDB
import PaxExchange
import PaxMessages
import Testing
@testable import PaxServer

@Suite("Traveller data archive and retention")
struct RetentionTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    func traveller(_ message: String, _ ref: String, received: Date, contact: String? = "1 Main St, San Salvador") -> TravelerDataRecord {
        TravelerDataRecord(messageId: message, travellerRef: ref, surname: "SURNAME-\(ref)", givenNames: "GIVEN-\(ref)",
                           contact: contact, receivedAt: received)
    }

    @Test("retention masks exactly the rows received before the cut-off, once, and logs each run")
    func masksOlderRows() async throws {
        let fixture = try await AuditFixture()
        defer { fixture.directory.remove() }
        let archive = TravelerDataArchive(auditLog: fixture.log)
        let policy = RetentionPolicy(maskAfterDays: 180)
        let cutoff = policy.cutoff(now: Self.now)
        #expect(cutoff == Self.now.addingTimeInterval(-180 * 86_400))
        try await archive.store([
            traveller("m1", "T1", received: cutoff.addingTimeInterval(-86_400)),
            traveller("m1", "T2", received: cutoff.addingTimeInterval(-0.001), contact: nil),
            traveller("m2", "T3", received: cutoff),
            traveller("m2", "T4", received: cutoff.addingTimeInterval(0.001)),
            traveller("m3", "T5", received: Self.now),
        ])
        let run = try await archive.applyRetention(policy, now: Self.now, actor: "US-CBP")
        #expect(run.maskedRows == 2)
        #expect(run.cutoff == cutoff)

        let rows = try fixture.database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT traveller_ref, surname, given_names, contact, masked_at_ms FROM traveller_data ORDER BY traveller_ref")
        }
        let masked = rows.filter { ($0["masked_at_ms"] as Int64?) != nil }.map { $0["traveller_ref"] as String }
        #expect(masked == ["T1", "T2"])
        for row in rows {
            let ref: String = row["traveller_ref"]
            let isMasked = masked.contains(ref)
            #expect((row["surname"] as String) == (isMasked ? TravelerDataArchive.maskText : "SURNAME-\(ref)"))
            #expect((row["given_names"] as String) == (isMasked ? TravelerDataArchive.maskText : "GIVEN-\(ref)"))
        }
        #expect((rows[0]["contact"] as String?) == TravelerDataArchive.maskText)
        #expect((rows[1]["contact"] as String?) == nil)  // nothing to mask stays absent
        #expect((rows[2]["contact"] as String?) == "1 Main St, San Salvador")

        // The run is in the audit log, with count and cut-off and no names; a second run masks nothing new.
        let second = try await archive.applyRetention(policy, now: Self.now, actor: "US-CBP")
        #expect(second.maskedRows == 0)
        let records = try await fixture.log.records()
        #expect(records.map(\.kind) == [.retentionMask, .retentionMask])
        #expect(records[0].sequence == run.auditSequence)
        #expect(records[0].details["masked_rows"] == "2")
        #expect(records[0].details["mask_after_days"] == "180")
        #expect(records[0].details["cutoff"] == TravelerDataArchive.iso8601(cutoff))
        #expect(records[1].details["masked_rows"] == "0")
        #expect(try await fixture.log.verify().isIntact)

        // A later run (a day on) masks the row that was exactly at the earlier cut-off and the next one.
        let later = try await archive.applyRetention(policy, now: Self.now.addingTimeInterval(86_400), actor: "US-CBP")
        #expect(later.maskedRows == 2)
    }

    @Test("masking never rewrites earlier audit records")
    func earlierRecordsUntouched() async throws {
        let fixture = try await AuditFixture(records: 5)
        defer { fixture.directory.remove() }
        let before = try await fixture.log.records()
        let archive = TravelerDataArchive(auditLog: fixture.log)
        try await archive.store([traveller("m1", "T1", received: Self.now.addingTimeInterval(-400 * 86_400))])
        _ = try await archive.applyRetention(.pnrAgreement, now: Self.now, actor: "US-CBP")
        let after = try await fixture.log.records()
        #expect(Array(after.prefix(5)) == before)
        #expect(after.count == 6)
        #expect(try await fixture.log.verify().isIntact)
    }

    @Test("every read is logged (who, what, why) and the audit log holds no names or contact details")
    func readsAreAudited() async throws {
        let fixture = try await AuditFixture()
        defer { fixture.directory.remove() }
        let archive = TravelerDataArchive(auditLog: fixture.log)
        try await archive.store([traveller("m1", "T1", received: Self.now), traveller("m1", "T2", received: Self.now)])
        let read = try await archive.read(messageId: "m1", requester: "analyst-7", purpose: "watch-list hit review")
        #expect(read.map(\.travellerRef) == ["T1", "T2"])
        #expect(read[0].surname == "SURNAME-T1")
        let none = try await archive.read(messageId: "unknown", requester: "SV-DGME", purpose: "assistance request")
        #expect(none.isEmpty)

        let records = try await fixture.log.records()
        #expect(records.count == 2)
        #expect(records[0].kind == .travellerDataAccess)
        #expect(records[0].actor == "analyst-7")
        #expect(records[0].messageId == "m1")
        #expect(records[0].details["purpose"] == "watch-list hit review")
        #expect(records[0].details["traveller_refs"] == "T1,T2")
        #expect(records[1].details["records"] == "0")

        _ = try await archive.applyRetention(RetentionPolicy(maskAfterDays: 1), now: Self.now.addingTimeInterval(3 * 86_400), actor: "US-CBP")
        let dump = try await fixture.database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT kind || actor || coalesce(message_id,'') || coalesce(traveller_ref,'') || details FROM audit_log")
        }.joined()
        #expect(!dump.contains("SURNAME"))
        #expect(!dump.contains("GIVEN"))
        #expect(!dump.contains("Main St"))
        let masked = try await archive.read(messageId: "m1", requester: "analyst-7", purpose: "audit")
        #expect(masked.allSatisfy { $0.surname == TravelerDataArchive.maskText && $0.maskedAt != nil })
    }

    @Test("storing the same message twice keeps one copy")
    func duplicateStore() async throws {
        let fixture = try await AuditFixture()
        defer { fixture.directory.remove() }
        let archive = TravelerDataArchive(auditLog: fixture.log)
        let record = traveller("m1", "T1", received: Self.now)
        try await archive.store([record])
        try await archive.store([record])
        let count = try await fixture.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM traveller_data") }
        #expect(count == 1)
    }
}

@Suite("Retention in the exchange store")
struct ExchangeStoreRetentionTests {
    @Test("a retention run also masks names and addresses in the exchange store's copy of an old manifest, not a recent one")
    func masksStoredManifests() async throws {
        let fixture = try await AuditFixture()
        defer { fixture.directory.remove() }
        let store = SQLiteExchangeStore(database: fixture.database)
        let policy = RetentionPolicy(maskAfterDays: 180)
        let old = try LiveAgencyTests.manifest(seed: 4), recent = try LiveAgencyTests.manifest(seed: 5)
        for (manifest, age) in [(old, 200.0), (recent, 10.0)] {
            let flight = try #require(FlightSummary(manifest.flight))
            try store.commit(StoreTransaction([.putManifest(ManifestRecord(
                messageId: manifest.header.messageId, submitter: "SV-DGME", receiver: "US-CBP", state: .received,
                flight: flight, travelers: manifest.travelers))]))
            try await TravelerDataArchive(auditLog: fixture.log).store(manifest.travelers.map {
                TravelerDataRecord(messageId: manifest.header.messageId, travellerRef: $0.reference, surname: $0.surname,
                                   givenNames: $0.givenNames ?? "", contact: nil,
                                   receivedAt: RetentionTests.now.addingTimeInterval(-age * 86_400))
            })
        }
        let run = try await TravelerDataArchive(auditLog: fixture.log).applyRetention(policy, now: RetentionTests.now, actor: "US-CBP")
        #expect(run.maskedRows == old.travelers.count)
        #expect(run.maskedManifests == 1)
        let snapshot = try store.snapshot()
        let maskedTravelers = try #require(snapshot.manifests[MessageKey(sender: "SV-DGME", messageId: old.header.messageId)]?.travelers)
        #expect(maskedTravelers.allSatisfy { $0.surname == TravelerDataArchive.maskText && $0.address == nil })
        #expect(maskedTravelers.allSatisfy { $0.documents.allSatisfy { $0.number == TravelerDataArchive.maskText && $0.mrzLines.isEmpty } })
        #expect(maskedTravelers.map(\.reference) == old.travelers.map(\.reference))  // references, types and dates stay
        #expect(maskedTravelers.map { $0.documents.map(\.expiryDate) } == old.travelers.map { $0.documents.map(\.expiryDate) })
        #expect(snapshot.manifests[MessageKey(sender: "SV-DGME", messageId: recent.header.messageId)]?.travelers == recent.travelers)
        #expect(try await fixture.log.records().last?.details["masked_manifests"] == "1")
    }
}
