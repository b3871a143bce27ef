@_spi(Testing) import PaxExchange
import PaxTestSupport
import PaxMessages
import Testing

@Suite("Message identity is (sender, id)")
struct MessageIdentityTests {
    var random = SplitMix64(state: 7)
    var sv = Agency(configuration: ThreeAgencies.configuration("SV-DGME"))
    var us = Agency(configuration: ThreeAgencies.configuration("US-CBP"))
    let t0 = Fixtures.start

    @Test("a peer re-using the id of the receiver's own manifest neither replaces it nor crashes the next assistance query")
    mutating func overwriteThenAssistanceQuery() throws {
        // SV-DGME submits 5 travellers to US-CBP, which has seen the id.
        let genuine = Fixtures.manifest(seed: 3, travelers: 5)
        let id = genuine.header.messageId
        let submitted = sv.handle(.submit(genuine), now: t0, random: &random)
        let sent = try #require(Fixtures.sends(submitted).first)
        // US-CBP sends SV-DGME a one-traveller manifest under that id (correctly signed).
        let shadow = ThreeAgencies.readdressed(Fixtures.manifest(seed: 9, travelers: 1), id: id, from: "US-CBP", to: "SV-DGME")
        let shadowFrame = try ThreeAgencies.frame(try shadow.xml(), id: id, from: "US-CBP", to: "SV-DGME", at: t0 + 50)
        let refused = sv.handle(.received(shadowFrame), now: t0 + 60, random: &random)
        #expect(Fixtures.refusals(refused) == [.foreignId])
        #expect(sv.ownManifest(id)?.travelers == genuine.travelers)
        #expect(sv.ownManifest(id)?.state == .submitted)
        // An assistance query by name and birth date for the fifth traveller: answered, no trap.
        let fifth = genuine.travelers[4]
        let query = AssistanceRequest(header: MessageHeader(messageId: "US-CBP:AST:0000000000000005", sender: "US-CBP",
                                                            receiver: "SV-DGME", createdAt: ExchangeTimeText.timestamp(t0 + 70)),
                                      legalBasis: "CMAA", purpose: "test",
                                      query: .byNameAndBirthDate(NameAndBirthDateQuery(surname: fifth.surname, dateOfBirth: fifth.dateOfBirth)))
        let queryFrame = try ThreeAgencies.frame(try query.xml(), id: query.header.messageId, from: "US-CBP", to: "SV-DGME", at: t0 + 70)
        let answered = sv.handle(.received(queryFrame), now: t0 + 80, random: &random)
        guard case .assistanceResponse(let response) = try ThreeAgencies.payload(try #require(Fixtures.sends(answered).first).frame) else {
            Issue.record("no assistance response")
            return
        }
        #expect(response.result == .found && response.records.map(\.traveler.reference).contains(fifth.reference))
        // The genuine acknowledgement and assessment still match SV-DGME's own record.
        for reply in Fixtures.sends(us.handle(.received(sent.frame), now: t0 + 100, random: &random)) {
            _ = sv.handle(.received(reply.frame), now: t0 + 200, random: &random)
        }
        #expect(sv.ownManifest(id)?.state == .assessed)
        #expect(sv.ownManifest(id)?.outcomes.count == genuine.travelers.count)
    }

    @Test("three agencies: GT-IGM sending first under SV-DGME's manifest id does not make the genuine manifest a duplicate")
    mutating func idCollisionWithThreeAgencies() throws {
        let genuine = Fixtures.manifest(seed: 3, travelers: 4)
        let id = genuine.header.messageId
        let shadow = ThreeAgencies.readdressed(Fixtures.manifest(seed: 9, travelers: 2), id: id, from: "GT-IGM", to: "US-CBP")
        let first = us.handle(.received(try ThreeAgencies.frame(try shadow.xml(), id: id, from: "GT-IGM", to: "US-CBP", at: t0)),
                              now: t0 + 10, random: &random)
        #expect(Fixtures.refusals(first) == [.foreignId])
        let shadowReply = try #require(Fixtures.sends(first).first)
        #expect(shadowReply.peer == "GT-IGM")
        guard case .acknowledgement(let shadowAck) = try ThreeAgencies.payload(shadowReply.frame) else {
            Issue.record("GT-IGM got no acknowledgement")
            return
        }
        #expect(shadowAck.status == .rejected && shadowAck.errors.map(\.code) == ["foreign-id"])

        let sent = try #require(Fixtures.sends(sv.handle(.submit(genuine), now: t0 + 20, random: &random)).first)
        let answered = us.handle(.received(sent.frame), now: t0 + 30, random: &random)
        #expect(!answered.contains { if case .duplicateSuppressed = $0 { true } else { false } })
        let replies = Fixtures.sends(answered)
        #expect(replies.count == 2 && replies.allSatisfy { $0.peer == "SV-DGME" })
        #expect(!replies.contains { $0.frame == shadowReply.frame })
        #expect(us.state.manifests[MessageKey(sender: "SV-DGME", messageId: id)]?.travelers == genuine.travelers)
        #expect(us.state.manifests[MessageKey(sender: "GT-IGM", messageId: id)] == nil)
        // The assessment's id is in US-CBP's namespace, not in the manifest sender's.
        let assessmentId = try #require(replies.last?.id)
        #expect(assessmentId == "US-CBP:RA:" + id)
        for reply in replies { _ = sv.handle(.received(reply.frame), now: t0 + 40, random: &random) }
        #expect(sv.ownManifest(id)?.state == .assessed)
    }

    @Test("a sender re-using its own id: the same bytes are a duplicate, other bytes are refused as id-reused and never applied")
    mutating func idReused() throws {
        let id = "GT-IGM:MAN:0000000000000001"
        let one = ThreeAgencies.readdressed(Fixtures.manifest(seed: 9, travelers: 2, from: "GUA", to: "IAH"), id: id, from: "GT-IGM", to: "US-CBP")
        let frame = try ThreeAgencies.frame(try one.xml(), id: id, from: "GT-IGM", to: "US-CBP", at: t0)
        let first = us.handle(.received(frame), now: t0 + 10, random: &random)
        let firstReply = try #require(Fixtures.sends(first).first)
        let again = us.handle(.received(frame), now: t0 + 20, random: &random)
        #expect(Fixtures.sends(again).map(\.frame) == [firstReply.frame])

        var changed = one
        changed.travelers.removeLast()
        changed.totals.passengers -= 1
        let changedFrame = try ThreeAgencies.frame(try changed.xml(), id: id, from: "GT-IGM", to: "US-CBP", at: t0 + 30)
        let before = us.state
        let refused = us.handle(.received(changedFrame), now: t0 + 40, random: &random)
        #expect(Fixtures.refusals(refused) == [.idReused])
        #expect(Fixtures.sends(refused).isEmpty)
        #expect(!refused.contains { if case .commit = $0 { true } else { false } })
        #expect(us.state == before)

        // After the inbox entry is pruned the record still stands: the reused id is refused.
        var pruned = us.state
        pruned.inbox = [:]
        var restarted = Agency(configuration: ThreeAgencies.configuration("US-CBP"), snapshot: pruned)
        let late = try ThreeAgencies.frame(try changed.xml(), id: id, from: "GT-IGM", to: "US-CBP", at: t0 + 60_000)
        let refusedLate = restarted.handle(.received(late), now: t0 + 60_000, random: &random)
        #expect(Fixtures.refusals(refusedLate) == [.idReused])
        #expect(restarted.state.manifests[MessageKey(sender: "GT-IGM", messageId: id)]?.travelers == one.travelers)
    }

    @Test("acknowledgements and assessments of another agency's manifest from a third agency change nothing")
    mutating func foreignAnswersAreUnmatched() throws {
        let genuine = Fixtures.manifest(seed: 3, travelers: 3)
        let id = genuine.header.messageId
        _ = sv.handle(.submit(genuine), now: t0, random: &random)
        let ack = Acknowledgement(header: MessageHeader(messageId: "GT-IGM:ACK:1", sender: "GT-IGM", receiver: "SV-DGME",
                                                        createdAt: ExchangeTimeText.timestamp(t0 + 10)),
                                  referencedMessageId: id, status: .rejected, receivedDigest: String(repeating: "0", count: 64),
                                  errors: [ProcessingError(code: "PAX-TOTALS", text: "no")])
        let ra = RiskAssessment(header: MessageHeader(messageId: "GT-IGM:RA:1", sender: "GT-IGM", receiver: "SV-DGME",
                                                      createdAt: ExchangeTimeText.timestamp(t0 + 10)),
                                manifestMessageId: id, assessedAt: ExchangeTimeText.timestamp(t0 + 10),
                                assessments: genuine.travelers.map { TravelerAssessment(travelerReference: $0.reference, outcome: .cleared, score: .zero) })
        _ = sv.handle(.received(try ThreeAgencies.frame(try ack.xml(), id: "GT-IGM:ACK:1", from: "GT-IGM", to: "SV-DGME", at: t0 + 10)),
                      now: t0 + 20, random: &random)
        _ = sv.handle(.received(try ThreeAgencies.frame(try ra.xml(), id: "GT-IGM:RA:1", from: "GT-IGM", to: "SV-DGME", at: t0 + 10)),
                      now: t0 + 30, random: &random)
        #expect(sv.ownManifest(id)?.state == .submitted)
        #expect(sv.state.outbox[id]?.state == .pending)
        #expect(sv.status(of: "GT-IGM:ACK:1", sender: "GT-IGM") == .incoming(outcome: .ackUnmatched, receivedAt: t0 + 20))
        #expect(sv.status(of: "GT-IGM:RA:1", sender: "GT-IGM") == .incoming(outcome: .assessmentUnmatched, receivedAt: t0 + 30))
    }

    @Test("long manifest ids give assessment ids within 64 characters, in the assessing agency's namespace, distinct per sender")
    func assessmentIds() {
        let long = "SV-DGME:MAN:" + String(repeating: "A", count: 52)
        let other = "GT-IGM:MAN:" + String(repeating: "A", count: 53)
        let a = MessageNamespace.assessmentId(by: "US-CBP", answering: long)
        let b = MessageNamespace.assessmentId(by: "US-CBP", answering: other)
        #expect(a.utf8.count <= 64 && b.utf8.count <= 64 && a != b)
        #expect(MessageNamespace.contains(a, of: "US-CBP") && MessageNamespace.contains(b, of: "US-CBP"))
        #expect(MessageNamespace.contains("US-CBP:X", of: "US-CBP"))
        #expect(!MessageNamespace.contains("US-CBP:", of: "US-CBP") && !MessageNamespace.contains("US-CBPX:1", of: "US-CBP")
            && !MessageNamespace.contains("RA-US-CBP:1", of: "US-CBP"))
    }
}
