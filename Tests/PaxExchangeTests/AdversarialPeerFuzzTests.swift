@_spi(Testing) import PaxExchange
import PaxTestSupport
import PaxMessages
import Testing

/// Thousands of correctly signed but adversarial messages from a keyed peer (GT-IGM), mixed
/// with SV-DGME's genuine traffic and SV-DGME misbehaving too, driven through US-CBP's state
/// machine with a seeded generator. Every commit goes through an `InMemoryStore`, so a
/// transaction the store refuses (an inbox insert twice) fails the test like a trap would.
@Suite("Adversarial peer fuzzing of the agency core")
struct AdversarialPeerFuzzTests {
    @Test("seeded adversarial messages: no trap, no store refusal, no record changed by another sender, own records intact",
          arguments: [UInt64(1), 2])
    func fuzz(seed: UInt64) throws {
        var run = try FuzzRun(seed: seed)
        try run.go(steps: 1_500)
        #expect(run.counts.values.reduce(0, +) >= 1_500)
        // Every kind of message was tried and every kind of refusal was seen.
        #expect(Set(run.counts.keys) == Set(FuzzRun.Kind.allCases))
        for reason: RejectionReason in [.foreignId, .idReused, .schemaInvalid, .envelopeMismatch] {
            #expect(run.refusals[reason, default: 0] > 0, "no \(reason.rawValue) refusal seen")
        }
        #expect(run.duplicates > 0)
    }
}

struct FuzzRun {
    enum Kind: CaseIterable {
        case genuine, shadowOthersId, ownIdChangedPayload, replayOwnFrame, foreignAck, foreignAssessment, queryOthers
        case extremeManifest, garbagePayload, wrongHeader, genuineSenderReusesId, pruneTimeJump
    }

    var random: SplitMix64
    var us = Agency(configuration: ThreeAgencies.configuration("US-CBP"))
    var sv = Agency(configuration: ThreeAgencies.configuration("SV-DGME"))
    let store = InMemoryStore()
    var now = Fixtures.start
    var counts: [Kind: Int] = [:]
    var refusals: [RejectionReason: Int] = [:]
    var duplicates = 0
    /// What each sender first sent under each id (manifests only): the records must match.
    var firstSent: [MessageKey: [Traveler]] = [:]
    /// SV-DGME's genuine manifests as submitted.
    var genuine: [String: [Traveler]] = [:]
    /// Frames GT-IGM sent, for replays.
    var gtFrames: [(id: String, frame: [UInt8])] = []
    var gtSerial = 0
    let svPool: [TravelerManifest]
    let gtPool: [TravelerManifest]
    let big: TravelerManifest

    init(seed: UInt64) throws {
        random = SplitMix64(state: seed)
        svPool = (0..<6).map { Fixtures.manifest(seed: 100 + UInt64($0), travelers: 1 + $0 % 3) }
        gtPool = (0..<6).map { Fixtures.manifest(seed: 200 + UInt64($0), travelers: 1 + $0 % 4, from: "GUA", to: "IAH") }
        big = Fixtures.manifest(seed: 300, travelers: 400, from: "GUA", to: "IAH")
    }

    mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }

    mutating func go(steps: Int) throws {
        for step in 0..<steps {
            now += Int64(below(3_000))
            let kind = Kind.allCases[below(Kind.allCases.count)]
            counts[kind, default: 0] += 1
            try perform(kind, step: step)
            try checkInvariants()
        }
    }

    /// US-CBP handles `frame`; its commits go to the store (a refusal fails), its replies to
    /// SV-DGME are handed to SV-DGME, replies to GT-IGM are checked and dropped.
    mutating func deliver(_ frame: [UInt8]) throws {
        let effects = us.handle(.received(frame), now: now, random: &random)
        for effect in effects {
            switch effect {
            case .commit(let transaction): try store.commit(transaction)
            case .refused(let rejection): refusals[rejection.reason, default: 0] += 1
            case .duplicateSuppressed: duplicates += 1
            case .send(let peer, _, let reply, _) where peer == "SV-DGME":
                _ = sv.handle(.received(reply), now: now + 5, random: &random)
            case .send(let peer, _, let reply, _):
                #expect(peer == "GT-IGM")
                if case .assistanceResponse(let response)? = try? ThreeAgencies.payload(reply) {
                    // GT-IGM may see only its own submissions (its flights leave Guatemala City).
                    #expect(response.records.allSatisfy { $0.flight.departureAirport == "GUA" })
                }
            case .setTimer, .alert: break
            }
        }
    }

    mutating func gtId(_ kind: String) -> String {
        gtSerial += 1
        return "GT-IGM:" + kind + ":" + String(gtSerial)
    }

    mutating func sendManifest(_ manifest: TravelerManifest, id: String, from sender: String) throws {
        let addressed = ThreeAgencies.readdressed(manifest, id: id, from: sender, to: "US-CBP")
        let frame = try ThreeAgencies.frame(try addressed.xml(), id: id, from: sender, to: "US-CBP", at: now)
        let key = MessageKey(sender: sender, messageId: id)
        if MessageNamespace.contains(id, of: sender), firstSent[key] == nil { firstSent[key] = addressed.travelers }
        if sender == "GT-IGM" { gtFrames.append((id, frame)) }
        try deliver(frame)
    }

    mutating func perform(_ kind: Kind, step: Int) throws {
        switch kind {
        case .genuine:
            var manifest = svPool[below(svPool.count)]
            manifest.header.messageId = "SV-DGME:MAN:F" + String(step)
            genuine[manifest.header.messageId] = manifest.travelers
            firstSent[MessageKey(sender: "SV-DGME", messageId: manifest.header.messageId)] = manifest.travelers
            for send in Fixtures.sends(sv.handle(.submit(manifest), now: now, random: &random)) { try deliver(send.frame) }
        case .shadowOthersId:
            // Another agency's id: SV-DGME's manifests, US-CBP's own assessment ids.
            let ids = Array(genuine.keys).sorted() + us.state.outbox.keys.sorted()
            guard !ids.isEmpty else { return }
            try sendManifest(gtPool[below(gtPool.count)], id: ids[below(ids.count)], from: "GT-IGM")
        case .ownIdChangedPayload:
            let used = gtFrames.map(\.id)
            let id = used.isEmpty || below(3) == 0 ? gtId("MAN") : used[below(used.count)]
            try sendManifest(gtPool[below(gtPool.count)], id: id, from: "GT-IGM")
        case .replayOwnFrame:
            guard !gtFrames.isEmpty else { return }
            try deliver(gtFrames[below(gtFrames.count)].frame)
        case .foreignAck:
            let ids = Array(genuine.keys).sorted() + us.state.outbox.keys.sorted()
            guard !ids.isEmpty else { return }
            let id = gtId("ACK")
            let ack = Acknowledgement(header: header(id), referencedMessageId: ids[below(ids.count)],
                                      status: below(2) == 0 ? .accepted : .rejected, receivedDigest: String(repeating: "a", count: 64),
                                      errors: [])
            try deliver(try ThreeAgencies.frame(try ack.xml(), id: id, from: "GT-IGM", to: "US-CBP", at: now))
        case .foreignAssessment:
            let outbox = us.state.outbox.values.sorted { $0.messageId < $1.messageId }
            guard let target = outbox.isEmpty ? nil : outbox[below(outbox.count)] else { return }
            let id = gtId("RA")
            let assessment = RiskAssessment(header: header(id), manifestMessageId: target.messageId,
                                            assessedAt: ExchangeTimeText.timestamp(now),
                                            assessments: [TravelerAssessment(travelerReference: "T1", outcome: .cleared, score: .zero)])
            try deliver(try ThreeAgencies.frame(try assessment.xml(), id: id, from: "GT-IGM", to: "US-CBP", at: now))
        case .queryOthers:
            let pool = svPool + gtPool
            let manifest = pool[below(pool.count)]
            let traveler = manifest.travelers[below(manifest.travelers.count)]
            let query: AssistanceQuery
            if let document = traveler.documents.first, below(2) == 0 {
                query = .byDocument(DocumentQuery(documentType: document.type, documentNumber: document.number,
                                                  issuingState: document.issuingState))
            } else {
                query = .byNameAndBirthDate(NameAndBirthDateQuery(surname: traveler.surname, dateOfBirth: traveler.dateOfBirth))
            }
            let id = gtId("AST")
            let request = AssistanceRequest(header: header(id), legalBasis: "none", purpose: "fishing", query: query)
            try deliver(try ThreeAgencies.frame(try request.xml(), id: id, from: "GT-IGM", to: "US-CBP", at: now))
        case .extremeManifest:
            // The largest list, under the longest id the schemas allow, now and then.
            guard below(4) == 0 else { return }
            var id = gtId("MAN") + ":"
            while id.utf8.count < 64 { id += "9" }
            try sendManifest(big, id: id, from: "GT-IGM")
        case .garbagePayload:
            let lengths = [0, 1, 17, 4096]
            let bytes = (0..<lengths[below(lengths.count)]).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let payload = below(2) == 0 ? bytes : Array("<TravelerManifest xmlns=\"urn:paxsim:api:v1\"><Header/></TravelerManifest>".utf8)
            let id = gtId("MAN")
            try deliver(try ThreeAgencies.frame(payload, id: id, from: "GT-IGM", to: "US-CBP", at: now))
        case .wrongHeader:
            // The payload names another sender than the envelope.
            let id = gtId("MAN")
            let manifest = ThreeAgencies.readdressed(gtPool[0], id: id, from: "SV-DGME", to: "US-CBP")
            try deliver(try ThreeAgencies.frame(try manifest.xml(), id: id, from: "GT-IGM", to: "US-CBP", at: now))
        case .genuineSenderReusesId:
            // SV-DGME itself signs other travellers under one of its own manifest ids.
            let ids = Array(genuine.keys).sorted()
            guard !ids.isEmpty else { return }
            try sendManifest(svPool[below(svPool.count)], id: ids[below(ids.count)], from: "SV-DGME")
        case .pruneTimeJump:
            // Past the dedup window: the inbox is pruned, the records stay.
            if below(5) == 0 { now += ExchangeTiming.standard.dedupWindow + 1_000 }
        }
    }

    func header(_ id: String) -> MessageHeader {
        MessageHeader(messageId: id, sender: "GT-IGM", receiver: "US-CBP", createdAt: ExchangeTimeText.timestamp(now))
    }

    /// No record holds content other than what its own sender first sent under that id; the
    /// store agrees with the agency; SV-DGME's own records are intact.
    func checkInvariants() throws {
        let committed = store.snapshot()
        #expect(committed.manifests == us.state.manifests && committed.inbox == us.state.inbox)
        for (key, record) in us.state.manifests {
            #expect(record.submitter == key.sender && record.messageId == key.messageId)
            #expect(record.travelers == firstSent[key], "record \(key) changed")
        }
        for (key, record) in us.state.inbox { #expect(record.sender == key.sender) }
        for (id, travelers) in genuine {
            #expect(sv.ownManifest(id)?.travelers == travelers)
        }
    }
}
