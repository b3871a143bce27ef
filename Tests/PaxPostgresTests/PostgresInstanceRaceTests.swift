import Foundation
import PaxExchange
import PaxMessages
import PaxPostgres
import PaxServer
import PaxTestSupport
import Synchronization
import Testing

/// Two store instances (two "agency instances") racing on one database.
@Suite("PostgresExchangeStore: two instances on one database")
struct PostgresInstanceRaceTests {
    /// Runs `body(0)` and `body(1)` at the same time on two threads and waits for both.
    static func race(_ body: @escaping @Sendable (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: 2, execute: body)
    }

    static let flight = FlightSummary(carrier: "TA", flightNumber: "0520", departureAirport: "SAL", arrivalAirport: "IAH",
                                      scheduledDeparture: ExchangeTimeText.timestamp(1_773_475_200_000))

    @Test("inbox dedup: each message is processed by one instance; the loser reads the winner's reply bytes")
    func inboxDedup() throws {
        let database = try PostgresTestDatabase("dedup")
        let stores = [try database.store(instance: "cbp-1"), try database.store(instance: "cbp-2")]
        defer { for store in stores { store.close() } }
        let count = 200
        let outcomes = Mutex<[[String: Result<Void, StoreError>]]>([[:], [:]])
        Self.race { side in
            let store = stores[side]
            for number in 0..<count {
                let id = "SV-DGME:MAN:\(number)"
                // Each instance's own processing: its reply bytes and its manifest record differ.
                let inbox = InboxRecord(messageId: id, sender: "SV-DGME", receivedAt: 1_000 + Int64(number),
                                        payloadDigest: String(repeating: "a", count: 64),
                                        reply: Array("reply from \(store.instance)".utf8), outcome: .manifestAccepted)
                let manifest = ManifestRecord(messageId: id, submitter: "SV-DGME", receiver: "US-CBP", state: .received,
                                              flight: Self.flight, travelers: [], assessmentDeadline: Int64(side + 1))
                let result: Result<Void, StoreError>
                do throws(StoreError) {
                    try store.commit(StoreTransaction([.putManifest(manifest), .insertInbox(inbox)]))
                    result = .success(())
                } catch {
                    result = .failure(error)
                }
                outcomes.withLock { $0[side][id] = result }
            }
        }
        let results = outcomes.withLock { $0 }
        var wins = [0, 0]
        let snapshot = try stores[0].snapshot()
        #expect(snapshot.inbox.count == count)
        #expect(snapshot.manifests.count == count)
        for number in 0..<count {
            let id = "SV-DGME:MAN:\(number)"
            let key = MessageKey(sender: "SV-DGME", messageId: id)
            let won = results.map { result -> Bool in
                if case .success = result[id] { return true }
                return false
            }
            // Exactly one instance committed; the other was refused with duplicateInbox.
            #expect(won.filter { $0 }.count == 1, "message \(id)")
            guard let winner = won.firstIndex(of: true) else { continue }
            wins[winner] += 1
            let loser = 1 - winner
            if case .failure(let error)? = results[loser][id] {
                #expect(error == .duplicateInbox(key))
            }
            // The loser answers with the winner's stored reply, byte for byte.
            let seen = try stores[loser].inboxRecord(key)
            #expect(seen?.reply == Array("reply from \(stores[winner].instance)".utf8))
            #expect(try stores[loser].processingInstance(of: key) == stores[winner].instance)
            // The loser's whole transaction was refused: the manifest is the winner's.
            #expect(snapshot.manifests[key]?.assessmentDeadline == Int64(winner + 1))
        }
        #expect(wins[0] + wins[1] == count)
    }

    static func pending(_ number: Int, due: ExchangeTime) -> OutboxRecord {
        OutboxRecord(messageId: "US-CBP:RA:\(number)", receiver: "SV-DGME", purpose: .riskAssessment(manifestId: "SV-DGME:MAN:\(number)"),
                     frame: Array("PAXSIM-FRAME/1\nid: \(number)\n\n".utf8) + [0, 255, UInt8(number % 256)],
                     createdAt: due, attempts: 1, nextAttemptAt: due, state: .pending)
    }

    @Test("outbox claims: two instances claiming at once get disjoint sets that cover every due message")
    func disjointClaims() throws {
        let database = try PostgresTestDatabase("claims")
        let stores = [try database.store(instance: "cbp-1"), try database.store(instance: "cbp-2")]
        defer { for store in stores { store.close() } }
        let count = 300
        try stores[0].commit(StoreTransaction((0..<count).map { .putOutbox(Self.pending($0, due: 1_000)) }))
        let claimed = Mutex<[[String]]>([[], []])
        let failures = Mutex<[String]>([])
        Self.race { side in
            while true {
                do {
                    let batch = try stores[side].claimDueOutbox(now: 2_000, limit: 7, leaseMilliseconds: 60_000)
                    if batch.isEmpty { return }
                    claimed.withLock { $0[side].append(contentsOf: batch.map(\.messageId)) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                    return
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let sets = claimed.withLock { $0 }
        #expect(Set(sets[0]).isDisjoint(with: Set(sets[1])))
        #expect(sets[0].count + sets[1].count == count)
        #expect(Set(sets[0] + sets[1]) == Set((0..<count).map { "US-CBP:RA:\($0)" }))
        // Every lease names the instance that claimed the message.
        for id in sets[1].prefix(5) { #expect(try stores[0].lease(of: id)?.owner == "cbp-2") }
    }

    @Test("outbox leases: held leases are not taken; expired ones are, with the same id and bytes; answered ones never")
    func leaseExpiry() throws {
        let database = try PostgresTestDatabase("leases")
        let stores = [try database.store(instance: "cbp-1"), try database.store(instance: "cbp-2")]
        defer { for store in stores { store.close() } }
        let records = (0..<20).map { Self.pending($0, due: 1_000) }
        try stores[0].commit(StoreTransaction(records.map { .putOutbox($0) }))
        // Instance 1 claims everything, then "dies" (never releases).
        let first = try stores[0].claimDueOutbox(now: 1_000, limit: 100, leaseMilliseconds: 30_000)
        #expect(first.count == 20)
        // Before expiry neither instance gets them again (the delivery is in progress on instance 1).
        #expect(try stores[1].claimDueOutbox(now: 30_999, limit: 100, leaseMilliseconds: 30_000).isEmpty)
        #expect(try stores[0].claimDueOutbox(now: 30_999, limit: 100, leaseMilliseconds: 30_000).isEmpty)
        // A retry by instance 1 that was answered meanwhile is settled: nobody claims it again.
        var answered = records[0]
        answered.state = .answered
        try stores[0].commit(StoreTransaction([.putOutbox(answered)]))
        // After expiry instance 2 takes the rest over: same ids, same frames byte for byte.
        let takenOver = try stores[1].claimDueOutbox(now: 31_000, limit: 100, leaseMilliseconds: 30_000)
        #expect(takenOver.map(\.messageId) == records.dropFirst().map(\.messageId).sorted())
        let byId = Dictionary(uniqueKeysWithValues: records.map { ($0.messageId, $0) })
        for record in takenOver { #expect(record.frame == byId[record.messageId]?.frame) }
        #expect(try stores[0].claimDueOutbox(now: 31_001, limit: 100, leaseMilliseconds: 30_000).isEmpty)
        // A released lease can be claimed at once by the other instance.
        try stores[1].releaseLease(of: records[1].messageId)
        #expect(try stores[0].claimDueOutbox(now: 31_002, limit: 100, leaseMilliseconds: 30_000).map(\.messageId) == [records[1].messageId])
    }

    @Test("audit: 2 x 500 concurrent appends make one valid chain naming each record's instance")
    func auditChain() throws {
        let database = try PostgresTestDatabase("audit")
        let stores = [try database.store(instance: "cbp-1"), try database.store(instance: "cbp-2")]
        defer { for store in stores { store.close() } }
        let failures = Mutex<[String]>([])
        Self.race { side in
            for number in 0..<500 {
                do {
                    // Half of them inside an exchange commit, as the live agency writes them.
                    if number % 2 == 0 {
                        try stores[side].appendAudit(AuditEvent(kind: .messageOut, actor: "US-CBP", messageId: "US-CBP:\(side):\(number)"))
                    } else {
                        let inbox = InboxRecord(messageId: "SV-DGME:\(side):\(number)", sender: "SV-DGME", receivedAt: 1, payloadDigest: nil,
                                                reply: nil, outcome: .ackAccepted)
                        try stores[side].commit(StoreTransaction([.insertInbox(inbox)]),
                                                audit: [AuditEvent(kind: .messageIn, actor: "SV-DGME", messageId: inbox.messageId)],
                                                archive: [])
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let verification = try stores[0].verifyAudit()
        #expect(verification.isIntact, "\(verification)")
        guard case .intact(let records, let head) = verification else { return }
        #expect(records == 1_000)
        #expect(try stores[1].auditHead() == head)
        let instances = try stores[0].auditInstances()
        #expect(instances.values.filter { $0 == "cbp-1" }.count == 500)
        #expect(instances.values.filter { $0 == "cbp-2" }.count == 500)
        // The instance is also inside the hashed details.
        let first = try #require(try stores[0].auditRecords(limit: 1).first)
        #expect(first.details["instance"] == instances[1])
        // The chain detects a change made around the append-only trigger.
        _ = try database.sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
        _ = try database.sql("UPDATE audit_log SET actor = 'someone else' WHERE sequence = 700")
        let broken = try stores[1].verifyAudit()
        #expect(broken == .broken(AuditBreak(sequence: 700, problem: .altered, detail: "its content does not match its hash")))
    }

    @Test("the audit log refuses updates and deletes")
    func auditAppendOnly() throws {
        let database = try PostgresTestDatabase("appendonly")
        let store = try database.store()
        defer { store.close() }
        try store.appendAudit(AuditEvent(kind: .messageIn, actor: "SV-DGME"))
        let refusal = #expect(throws: PostgresClusterError.self) { try database.sql("DELETE FROM audit_log") }
        #expect(refusal?.description.contains("audit_log is append-only") == true)
        #expect(try database.sql("SELECT count(*) FROM audit_log") == "1")
    }

    @Test("retention runs on one instance at a time and masks every copy once")
    func retentionUnderLock() throws {
        let database = try PostgresTestDatabase("retention")
        let stores = [try database.store(instance: "cbp-1"), try database.store(instance: "cbp-2")]
        defer { for store in stores { store.close() } }
        let old = Date(timeIntervalSince1970: 1_700_000_000)
        let traveler = Traveler(reference: "T1", surname: "NÚÑEZ", givenNames: "JOSÉ", gender: .male,
                                dateOfBirth: CalendarDate("1980-02-29") ?? Self.flight.scheduledDeparture.localDate,
                                nationality: "SLV", embarkation: "SAL", debarkation: "IAH", documents: [])
        for number in 0..<30 {
            let id = "SV-DGME:MAN:\(number)"
            let manifest = ManifestRecord(messageId: id, submitter: "SV-DGME", receiver: "US-CBP", state: .received,
                                          flight: Self.flight, travelers: [traveler])
            try stores[number % 2].commit(StoreTransaction([.putManifest(manifest)]), audit: [], archive: [
                TravelerDataRecord(messageId: id, travellerRef: "T1", surname: "NÚÑEZ", givenNames: "JOSÉ", contact: nil, receivedAt: old),
            ])
        }
        let policy = RetentionPolicy(maskAfterDays: 30)
        let now = old.addingTimeInterval(40 * 86_400)
        // While another session holds the retention lock, an instance does nothing.
        let holder = try database.cluster.psqlInBackground(
            "BEGIN; SELECT pg_advisory_xact_lock(\(0x70_61_78_72_65_74_6e)); SELECT pg_sleep(3); COMMIT;", database: database.name)
        defer { holder.wait() }
        let deadline = Date().addingTimeInterval(10)
        while try database.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted") != "1", Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(try stores[0].applyRetention(policy, now: now, actor: "US-CBP") == nil)
        holder.wait()
        // Two instances at once: the rows are masked once in all, and each run that happened is audited.
        let runs = Mutex<[PostgresRetentionRun?]>([])
        Self.race { side in
            let run = try? stores[side].applyRetention(policy, now: now, actor: "US-CBP")
            runs.withLock { $0.append(run) }
        }
        let done = runs.withLock { $0 }.compactMap { $0 }
        #expect(!done.isEmpty)
        #expect(done.map(\.maskedRows).reduce(0, +) == 30)
        #expect(done.map(\.maskedManifests).reduce(0, +) == 30)
        for manifest in try stores[1].snapshot().manifests.values {
            #expect(manifest.travelers.map(\.surname) == [TravelerDataArchive.maskText])
        }
        #expect(try stores[1].archivedTravelers(of: "SV-DGME:MAN:7").map(\.surname) == [TravelerDataArchive.maskText])
        let retentionRecords = try stores[0].auditRecords().filter { $0.kind == .retentionMask }
        #expect(retentionRecords.count == done.count)
        #expect(try stores[0].verifyAudit().isIntact)
    }
}
