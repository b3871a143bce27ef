@_spi(Testing) import PaxExchange
import PaxMessages
import PaxTestSupport
import Testing

@Suite("Agency state machine")
struct AgencyTests {
    var random = SplitMix64(state: 42)
    var sv = Agency(configuration: Fixtures.configuration("SV-DGME"))
    var us = Agency(configuration: Fixtures.configuration("US-CBP"))
    let t0 = Fixtures.start

    @Test mutating func aManifestIsAcknowledgedAssessedAndAcknowledgedBack() throws {
        let manifest = Fixtures.manifest()
        let submitted = sv.handle(.submit(manifest), now: t0, random: &random)
        guard case .commit = submitted.first else { Issue.record("the first effect must be the commit"); return }
        let sent = try #require(Fixtures.sends(submitted).first)
        #expect(sent.id == manifest.header.messageId && sent.peer == "US-CBP")
        // Pending: the frame is held for resending.
        #expect(sv.state.outbox[sent.id]?.frame == sent.frame)
        let answered = us.handle(.received(sent.frame), now: t0 + 100, random: &random)
        let replies = Fixtures.sends(answered)
        #expect(replies.count == 2)  // the acknowledgement, then the risk assessment
        #expect(us.state.manifests[MessageKey(sender: "SV-DGME", messageId: manifest.header.messageId)]?.state == .received)
        for reply in replies { _ = sv.handle(.received(reply.frame), now: t0 + 200, random: &random) }
        #expect(sv.ownManifest(manifest.header.messageId)?.state == .assessed)
        #expect(sv.status(of: manifest.header.messageId, sender: "SV-DGME") == .outgoing(.answered, attempts: 1))
        #expect(sv.ownManifest(manifest.header.messageId)?.outcomes.count == manifest.travelers.count)
        // Answered: never sent again, so the agency no longer holds the frame's bytes (the store does).
        #expect(sv.state.outbox[sent.id]?.frame == [])
        #expect(sv.state.outbox.values.allSatisfy { $0.state == .pending || $0.frame.isEmpty })
    }

    @Test("a manifest handed in authenticated gets the same effects as its frame")
    mutating func anAuthenticatedManifestIsHandledAsItsFrame() throws {
        let submitted = sv.handle(.submit(Fixtures.manifest()), now: t0, random: &random)
        let frame = try #require(Fixtures.sends(submitted).first).frame
        let message = try WireFrame.decode(frame)
        var envelope = message
        envelope.payload = []
        let verified = try #require(VerifiedEnvelope.verify(envelope, with: Fixtures.sv.publicKey))
        var buffer = HashingPayloadBuffer(capacity: message.payload.count)
        message.payload.withUnsafeBytes { buffer.append($0) }
        let proof = try #require(verified.attaching(buffer.finish()))
        var twin = us
        var twinRandom = random
        let byFrame = us.handle(.received(frame), now: t0 + 100, random: &random)
        let byProof = twin.handle(.authenticated(proof), now: t0 + 100, random: &twinRandom)
        #expect(Fixtures.sends(byFrame).map(\.frame) == Fixtures.sends(byProof).map(\.frame))
        #expect(Fixtures.sends(byProof).count == 2)
        #expect(twin.state == us.state)
        // The duplicate is recognised whichever way it arrives.
        let again = twin.handle(.received(frame), now: t0 + 200, random: &twinRandom)
        #expect(again.contains { if case .duplicateSuppressed = $0 { return true } else { return false } })
    }

    @Test mutating func aDuplicateGetsTheSameBytesAndNoSecondEffect() throws {
        let submitted = sv.handle(.submit(Fixtures.manifest()), now: t0, random: &random)
        let frame = try #require(Fixtures.sends(submitted).first).frame
        let first = us.handle(.received(frame), now: t0 + 100, random: &random)
        let again = us.handle(.received(frame), now: t0 + 5_000, random: &random)
        let firstAck = try #require(Fixtures.sends(first).first)
        let repeated = try #require(Fixtures.sends(again).first)
        #expect(repeated.frame == firstAck.frame)
        #expect(Fixtures.sends(again).count == 1)  // no second assessment
        #expect(!again.contains { if case .commit = $0 { return true } else { return false } })
    }

    @Test mutating func withDedupDisabledTheDuplicateIsProcessedAgain() throws {
        var broken = Agency(configuration: Fixtures.configuration("US-CBP", behaviour: AgencyBehaviour(disableDedup: true)))
        let frame = try #require(Fixtures.sends(sv.handle(.submit(Fixtures.manifest()), now: t0, random: &random)).first).frame
        let first = broken.handle(.received(frame), now: t0 + 100, random: &random)
        let again = broken.handle(.received(frame), now: t0 + 5_000, random: &random)
        #expect(Fixtures.sends(again).count == 2)
        #expect(try #require(Fixtures.sends(first).first).frame != (try #require(Fixtures.sends(again).first)).frame)
    }

    @Test mutating func retriesResendTheSameBytesWithBackoffThenAlert() throws {
        let manifest = Fixtures.manifest()
        let id = manifest.header.messageId
        var effects = sv.handle(.submit(manifest), now: t0, random: &random)
        let original = try #require(Fixtures.sends(effects).first).frame
        var now = t0
        var waits: [ExchangeTime] = []
        var alerts: [AgencyAlert] = []
        for _ in 0..<50 {
            guard let (timer, at) = Fixtures.timers(effects).first else { break }
            waits.append(at - now)
            now = at
            effects = sv.handle(.timerFired(timer), now: now, random: &random)
            for send in Fixtures.sends(effects) { #expect(send.frame == original && send.id == id) }
            alerts += effects.compactMap { if case .alert(let alert) = $0 { return alert } else { return nil } }
        }
        let timing = ExchangeTiming.standard
        #expect(alerts.map(\.kind) == [.retriesExhausted])
        #expect(sv.ownManifest(id)?.state == .undeliverable)
        #expect(sv.status(of: id, sender: "SV-DGME") == .outgoing(.expired, attempts: timing.maxAttempts))
        #expect(now - t0 <= timing.retryHorizon)
        for (n, wait) in waits.enumerated() { #expect(wait <= timing.maximumWait(after: n + 1)) }
        #expect(waits[1] < waits[4])  // backoff grows
    }

    @Test mutating func aRestartRebuildsFromTheStoreAndRearmsRetries() throws {
        let store = InMemoryStore()
        let effects = sv.handle(.submit(Fixtures.manifest()), now: t0, random: &random)
        for case .commit(let transaction) in effects { try store.commit(transaction) }
        var restarted = Agency(configuration: Fixtures.configuration("SV-DGME"), snapshot: store.snapshot())
        let rearmed = restarted.handle(.restarted, now: t0 + 60_000, random: &random)
        #expect(Fixtures.timers(rearmed).count == 1)
        #expect(restarted.state == sv.state)
    }

    @Test mutating func assistanceAnswersOnlyWithRecordsTheRequesterMaySee() throws {
        // US-CBP holds a manifest it received from SV-DGME (visible to SV-DGME: its own
        // submission) and a local departure IAH → YYZ (not visible to SV-DGME).
        let fromSV = Fixtures.manifest(seed: 3, travelers: 3)
        let frame = try #require(Fixtures.sends(sv.handle(.submit(fromSV), now: t0, random: &random)).first).frame
        _ = us.handle(.received(frame), now: t0 + 100, random: &random)
        var local = Fixtures.manifest(seed: 4, travelers: 3, from: "IAH", to: "YYZ")
        local.header.sender = "US-CBP"
        _ = us.handle(.recordLocal(local), now: t0, random: &random)

        func ask(_ traveler: Traveler, of agency: inout Agency) throws -> AssistanceResponse {
            let document = try #require(traveler.documents.first)
            let query = AssistanceQuery.byDocument(DocumentQuery(documentType: document.type, documentNumber: document.number,
                                                                 issuingState: document.issuingState))
            let request = try #require(Fixtures.sends(sv.handle(.ask(query, peer: "US-CBP"), now: t0 + 1_000, random: &random)).first)
            let reply = try #require(Fixtures.sends(agency.handle(.received(request.frame), now: t0 + 1_100, random: &random)).first)
            let message = try WireFrame.decode(reply.frame)
            guard case .assistanceResponse(let response) = try PaxMessage.decode(bytes: message.payload) else {
                throw WireFrameTestError.notAResponse
            }
            return response
        }
        let visible = try ask(fromSV.travelers[0], of: &us)
        #expect(visible.result == .found && visible.records.map(\.traveler.reference) == [fromSV.travelers[0].reference])
        let hidden = try ask(local.travelers[0], of: &us)
        #expect(hidden.result == .notFound && hidden.records.isEmpty)

        var leaky = Agency(configuration: Fixtures.configuration("US-CBP", behaviour: AgencyBehaviour(disableAuthorisation: true)))
        _ = leaky.handle(.recordLocal(local), now: t0, random: &random)
        #expect(try ask(local.travelers[0], of: &leaky).records.count == 1)
    }

    @Test mutating func anInvalidManifestIsRejectedWithItsErrors() throws {
        var manifest = Fixtures.manifest()
        manifest.totals.passengers += 1  // PAX-TOTALS
        let frame = try #require(Fixtures.sends(sv.handle(.submit(manifest), now: t0, random: &random)).first).frame
        let effects = us.handle(.received(frame), now: t0 + 100, random: &random)
        #expect(Fixtures.refusals(effects) == [.schemaInvalid])
        let reply = try #require(Fixtures.sends(effects).first)
        guard case .acknowledgement(let ack) = try PaxMessage.decode(bytes: try WireFrame.decode(reply.frame).payload) else {
            Issue.record("the reply is not an acknowledgement")
            return
        }
        #expect(ack.status == .rejected && ack.errors.contains { $0.code == "PAX-TOTALS" })
        _ = sv.handle(.received(reply.frame), now: t0 + 200, random: &random)
        #expect(sv.ownManifest(manifest.header.messageId)?.state == .rejected)
    }

    @Test mutating func corruptedAndForgedBytesAreRefusedWithoutAnAnswer() throws {
        let frame = try #require(Fixtures.sends(sv.handle(.submit(Fixtures.manifest()), now: t0, random: &random)).first).frame
        var corrupted = frame
        corrupted[corrupted.count - 10] ^= 1
        let effects = us.handle(.received(corrupted), now: t0 + 100, random: &random)
        #expect(Fixtures.refusals(effects) == [.digestMismatch])
        #expect(Fixtures.sends(effects).isEmpty)
        #expect(us.state.inbox.isEmpty)
    }
}

enum WireFrameTestError: Error { case notAResponse }
