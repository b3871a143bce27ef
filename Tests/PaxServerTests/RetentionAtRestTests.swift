import Foundation
import GRDB
import Logging
import PaxExchange
import PaxMessages
import PaxRisk
import Testing
@testable import PaxServer

/// Retention as seen on disk: after a run, the raw bytes of the database and its WAL hold no
/// name or document number of an expired traveller, and a manifest re-sent later stays masked.
@Suite("Retention at rest")
struct RetentionAtRestTests {
    /// Strings that identify the travellers of `manifest`: surnames, given names and document
    /// numbers, as written and upper-cased (the MRZ), long enough not to occur by chance in
    /// binary pages.
    static func secrets(of manifest: TravelerManifest) -> Set<String> {
        var found: Set<String> = []
        for traveler in manifest.travelers {
            var candidates = [traveler.surname]
            candidates += (traveler.givenNames ?? "").split(separator: " ").map(String.init)
            candidates += traveler.documents.map(\.number)
            for candidate in candidates where candidate.utf8.count >= 5 {
                found.insert(candidate)
                found.insert(candidate.uppercased())
            }
        }
        return found
    }

    /// Which of `secrets` occur in the raw bytes of the database file, its -wal or its -shm.
    static func occurrences(of secrets: Set<String>, in databasePath: String) throws -> [String] {
        var found: [String] = []
        for suffix in ["", "-wal", "-shm"] {
            let path = databasePath + suffix
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            for secret in secrets.sorted() where bytes.range(of: Data(secret.utf8)) != nil {
                found.append("\(secret) in \((path as NSString).lastPathComponent)")
            }
        }
        return found
    }

    static func allSettled(_ database: AgencyDatabase) throws -> Bool {
        try SQLiteExchangeStore(database: database).snapshot().outbox.values.allSatisfy { $0.state != .pending }
    }

    @Test("after retention no surname or document number of an expired traveller is in the .sqlite, -wal or -shm bytes")
    func noTravellerDataLeftInTheFiles() async throws {
        let pair = try LiveAgencyTests.Pair()
        defer { pair.directory.remove() }
        let sv = try await pair.open("SV-DGME"), us = try await pair.open("US-CBP")
        let manifest = try LiveAgencyTests.manifest(seed: 11, travelers: 8)
        let id = try await sv.submit(manifest)
        try await LiveAgencyTests.waitFor("assessed") { await sv.manifests().first { $0.messageId == id }?.state == .assessed }
        // An assistance request about one of them: US-CBP's stored reply carries the traveller.
        let document = try #require(manifest.travelers.first?.documents.first)
        let asked = try await sv.ask(.byDocument(DocumentQuery(documentType: document.type, documentNumber: document.number,
                                                               issuingState: document.issuingState)), peer: "US-CBP")
        try await LiveAgencyTests.waitFor("answered") { await sv.status(of: asked, requester: "SV-DGME")?.state == "answered" }
        let databases = (sv: try pair.database("SV-DGME"), us: try pair.database("US-CBP"))
        try await LiveAgencyTests.waitFor("every outgoing message settled") {
            try Self.allSettled(databases.sv) && Self.allSettled(databases.us)
        }
        await sv.shutdown()
        await us.shutdown()
        // The disclosure is audited with the traveller it disclosed (flight and reference), no name.
        let disclosures = try await AuditLog(database: databases.us).records().filter { $0.kind == .travellerDataAccess }
        #expect(disclosures.count == 1)
        #expect(disclosures.first?.actor == "SV-DGME" && disclosures.first?.messageId == asked)
        #expect(disclosures.first?.details["records"] == "1")
        let reference = try #require(manifest.travelers.first?.reference)
        #expect(disclosures.first?.details["traveller_refs"]?.hasSuffix("/" + reference) == true, "\(disclosures)")

        let secrets = Self.secrets(of: manifest)
        try #require(secrets.count >= 8)
        let later = Date().addingTimeInterval(2 * 86_400)
        for (agency, database) in [("SV-DGME", databases.sv), ("US-CBP", databases.us)] {
            // The search finds them before retention (so finding none after means something).
            _ = try await database.pool.barrierWriteWithoutTransaction { db in try db.checkpoint(.truncate) }
            #expect(!(try Self.occurrences(of: secrets, in: database.path)).isEmpty, "\(agency): nothing to find before retention")
            // The receiver keeps the manifest's frame as received (and the overview its screening) until retention.
            let copies = try await database.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM received_copy WHERE message_id = ? AND bytes IS NOT NULL", arguments: [id])
            }
            #expect(copies == (agency == "US-CBP" ? 1 : 0), "\(agency)")

            let run = try await TravelerDataArchive(auditLog: AuditLog(database: database))
                .applyRetention(RetentionPolicy(maskAfterDays: 1), now: later, actor: agency)
            #expect(run.maskedRows == manifest.travelers.count, "\(agency)")
            #expect(run.maskedManifests == 1, "\(agency)")
            #expect(run.walTruncated, "\(agency)")
            // SV-DGME: the manifest and the assistance request; US-CBP: the risk assessment.
            #expect(run.maskedFrames == (agency == "SV-DGME" ? 2 : 1), "\(agency)")
            #expect(run.maskedReplies >= (agency == "US-CBP" ? 2 : 0), "\(agency): the acknowledgement and the assistance response")
            #expect(run.maskedCopies == (agency == "US-CBP" ? 1 : 0), "\(agency)")
            let kept = try await database.pool.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM received_copy WHERE bytes IS NOT NULL") ?? -1,
                 try Int.fetchOne(db, sql: """
                     SELECT count(*) FROM overview_traveller WHERE assessment IS NOT NULL OR explanation IS NOT NULL
                     """) ?? -1)
            }
            #expect(kept.0 == 0 && kept.1 == 0, "\(agency): copies and reasons left \(kept)")
            let again = try await TravelerDataArchive(auditLog: AuditLog(database: database))
                .applyRetention(RetentionPolicy(maskAfterDays: 1), now: later, actor: agency)
            #expect(again.maskedRows == 0 && again.maskedFrames == 0 && again.maskedReplies == 0 && again.maskedCopies == 0,
                    "\(agency): \(again)")
            let left = try Self.occurrences(of: secrets, in: database.path)
            #expect(left.isEmpty, "\(agency): \(left)")
            #expect(try await AuditLog(database: database).verify().isIntact)
        }

        // The masked store still opens and answers: the sender's manifest keeps its state and
        // outcomes, the masked frames are never resent (they are settled).
        let reopened = try await pair.open("SV-DGME")
        let record = try #require(await reopened.manifests().first { $0.messageId == id })
        #expect(record.state == .assessed && record.outcomes.count == manifest.travelers.count)
        #expect(record.travelers.allSatisfy { $0.surname == TravelerDataArchive.maskText && $0.documents.allSatisfy { $0.number == TravelerDataArchive.maskText } })
        #expect(record.travelers.map(\.reference) == manifest.travelers.map(\.reference))
        await reopened.shutdown()
    }

    @Test("a manifest re-sent after its travellers were masked is stored masked, on disk and in the agency")
    func resentManifestStaysMasked() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Windows of about a second, so the first copy leaves the dedup window within the test.
        let timing = try ExchangeTiming(retryBase: 10, retryCap: 20, maxAttempts: 2, replayWindow: 1_000, skewTolerance: 10,
                                        dedupWindow: 1_100, assessmentDeadline: 10_000)
        let sv = SigningKey.random(), us = SigningKey.random()
        let configuration = AgencyConfiguration(
            id: "US-CBP", signingKey: us, territory: ["IAH"], peers: [Peer(id: "SV-DGME", publicKey: sv.publicKey, territory: ["SAL"])],
            timing: timing, screening: RiskEngine(screener: nil))
        let path = directory.file("US-CBP.sqlite")
        let database = try AgencyDatabase.open(path: path)
        let agency = try LiveAgency(configuration: configuration, database: database,
                                    transport: LiveAgencyTests.LoopTransport(), logger: Logger(label: "test"))
        func frame(_ manifest: TravelerManifest) throws -> [UInt8] {
            WireFrame.encode(try SignedMessage.signed(
                messageId: manifest.header.messageId, correlationId: "", sender: "SV-DGME", receiver: "US-CBP",
                createdAt: LiveAgency.now(), payload: try manifest.xml(), key: sv))
        }
        let manifest = try LiveAgencyTests.manifest(seed: 12, travelers: 5)
        let first = await agency.receive(try frame(manifest))
        #expect(first.reply != nil)
        let run = try await TravelerDataArchive(auditLog: AuditLog(database: database))
            .applyRetention(RetentionPolicy(maskAfterDays: 1), now: Date().addingTimeInterval(2 * 86_400), actor: "US-CBP")
        #expect(run.maskedManifests == 1)
        try await agency.reloadFromStore()

        // Past the dedup window another message prunes the first one's inbox record; then the
        // same manifest arrives again under a fresh envelope.
        try await Task.sleep(for: .milliseconds(1_300))
        _ = await agency.receive(try frame(try LiveAgencyTests.manifest(seed: 13, travelers: 2)))
        _ = await agency.receive(try frame(manifest))

        let secrets = Self.secrets(of: manifest)
        let stored = try #require(try SQLiteExchangeStore(database: database).snapshot().manifests[MessageKey(sender: "SV-DGME", messageId: manifest.header.messageId)])
        #expect(stored.travelers.allSatisfy { $0.surname == TravelerDataArchive.maskText })
        let held = try #require(await agency.manifests().first { $0.messageId == manifest.header.messageId })
        #expect(held.travelers.allSatisfy { $0.surname == TravelerDataArchive.maskText })
        let unmasked = try await database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM traveller_data WHERE message_id = ? AND masked_at_ms IS NULL",
                             arguments: [manifest.header.messageId])
        }
        #expect(unmasked == 0)
        await agency.shutdown()
        _ = await TravelerDataArchive(auditLog: AuditLog(database: database)).truncateWriteAheadLog()
        let left = try Self.occurrences(of: secrets, in: path)
        #expect(left.isEmpty, "\(left)")
    }

    @Test("an own manifest stored before own manifests were archived is dated by its outgoing frame, then masked with it")
    func undatedOwnManifestIsArchived() async throws {
        let fixture = try await AuditFixture()
        defer { fixture.directory.remove() }
        let store = SQLiteExchangeStore(database: fixture.database)
        let old = try LiveAgencyTests.manifest(seed: 14, travelers: 3), recent = try LiveAgencyTests.manifest(seed: 15, travelers: 2)
        let now = Date()
        for (manifest, age) in [(old, 200.0), (recent, 10.0)] {
            let flight = try #require(FlightSummary(manifest.flight))
            let created = AuditLog.milliseconds(now.addingTimeInterval(-age * 86_400))
            try store.commit(StoreTransaction([
                .putManifest(ManifestRecord(messageId: manifest.header.messageId, submitter: "SV-DGME", receiver: "US-CBP",
                                            state: .assessed, flight: flight, travelers: manifest.travelers)),
                .putOutbox(OutboxRecord(messageId: manifest.header.messageId, receiver: "US-CBP", purpose: .manifest,
                                        frame: Array("PAXSIM-FRAME/1\nPax-Message-Id: x\n\n".utf8) + (try manifest.xml()),
                                        createdAt: created, attempts: 1, nextAttemptAt: created, state: .answered)),
            ]))
        }
        let dated = try await fixture.database.pool.write { db in try TravelerDataArchive.archiveUndatedManifests(in: db, now: now) }
        #expect(dated == 2)
        let run = try await TravelerDataArchive(auditLog: fixture.log).applyRetention(.pnrAgreement, now: now, actor: "SV-DGME")
        #expect(run.maskedRows == old.travelers.count && run.maskedManifests == 1 && run.maskedFrames == 1)
        let snapshot = try store.snapshot()
        #expect(snapshot.manifests[MessageKey(sender: "SV-DGME", messageId: old.header.messageId)]?.travelers.allSatisfy { $0.surname == TravelerDataArchive.maskText } == true)
        #expect(snapshot.manifests[MessageKey(sender: "SV-DGME", messageId: recent.header.messageId)]?.travelers == recent.travelers)
        // Settled records come without their frames; the stored bytes are what retention cut.
        #expect(snapshot.outbox[old.header.messageId]?.frame == [])
        let frames = try await fixture.database.pool.read { db in
            (try OutboxFrameTable.frame(of: old.header.messageId, in: db), try OutboxFrameTable.frame(of: recent.header.messageId, in: db))
        }
        #expect(frames.0 == Data("PAXSIM-FRAME/1\nPax-Message-Id: x\n\n".utf8))
        #expect(frames.1?.count ?? 0 > 100)
        let again = try await fixture.database.pool.write { db in try TravelerDataArchive.archiveUndatedManifests(in: db, now: now) }
        #expect(again == 0)
    }

    @Test("secure_delete is on for every connection")
    func secureDelete() async throws {
        let fixture = try await AuditFixture()
        defer { fixture.directory.remove() }
        let writer = try await fixture.database.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete") }
        let reader = try await fixture.database.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete") }
        #expect(writer == 1 && reader == 1)
    }
}
