import Crypto
import Foundation
import PaxExchange
import Testing

@Suite("Signed envelopes: framing, HTTP fields and the receiver's checks")
struct EnvelopeTests {
    let timing = ExchangeTiming.standard
    var check: EnvelopeCheck { EnvelopeCheck(me: "US-CBP", peers: ["SV-DGME": Fixtures.sv], timing: timing) }
    let payload = Array("<Acknowledgement xmlns=\"urn:paxsim:api:v1\"/>".utf8)

    func message(sender: String = "SV-DGME", receiver: String = "US-CBP", createdAt: ExchangeTime = Fixtures.start,
                 key: SigningKey = Fixtures.svKey) throws -> SignedMessage {
        try SignedMessage.signed(messageId: "SV-DGME:MSG:0000000000000001", correlationId: "", sender: sender,
                                 receiver: receiver, createdAt: createdAt, payload: payload, key: key)
    }

    func reason(_ bytes: [UInt8], now: ExchangeTime = Fixtures.start) -> RejectionReason? {
        if case .failure(let rejection) = check.check(bytes, now: now) { return rejection.reason }
        return nil
    }

    @Test func aSignedFrameRoundTripsAndPasses() throws {
        let original = try message()
        let bytes = WireFrame.encode(original)
        #expect(try WireFrame.decode(bytes) == original)
        guard case .success(let accepted) = check.check(bytes, now: Fixtures.start + 500) else {
            Issue.record("a good frame was refused")
            return
        }
        #expect(accepted.payload == payload)
    }

    @Test func signaturesAreDeterministic() throws {
        #expect(try message().signature == message().signature)
        #expect(try message().signature.count == 64)
    }

    @Test func anyFlippedPayloadByteIsADigestMismatch() throws {
        let bytes = WireFrame.encode(try message())
        let payloadStart = bytes.count - payload.count
        for offset in payloadStart..<bytes.count {
            var tampered = bytes
            tampered[offset] ^= 0x20
            #expect(reason(tampered) == .digestMismatch, "payload byte \(offset)")
        }
    }

    @Test func alteredEnvelopeFieldsBreakTheSignature() throws {
        var altered = try message()
        altered.correlationId = "SV-DGME:MAN:OTHER0001"
        #expect(reason(WireFrame.encode(altered)) == .badSignature)
        var retimed = try message()
        retimed.createdAt += 1
        #expect(reason(WireFrame.encode(retimed)) == .badSignature)
        let forged = try message(key: Fixtures.usKey)
        #expect(reason(WireFrame.encode(forged)) == .badSignature)
    }

    @Test func unknownSenderWrongRecipientAndMalformedFramesAreRefused() throws {
        #expect(reason(WireFrame.encode(try message(sender: "XX-ROGUE"))) == .unknownSender)
        #expect(reason(WireFrame.encode(try message(receiver: "CA-CBSA"))) == .wrongRecipient)
        #expect(reason(Array("hello".utf8)) == .malformedFrame)
        var bytes = WireFrame.encode(try message())
        bytes.append(0x41)  // payload longer than declared
        #expect(reason(bytes) == .malformedFrame)
    }

    @Test func theReplayWindowAllowsSkewButNotStaleOrFutureMessages() throws {
        let bytes = WireFrame.encode(try message())
        #expect(reason(bytes, now: Fixtures.start + timing.replayWindow) == nil)
        #expect(reason(bytes, now: Fixtures.start - timing.skewTolerance) == nil)
        #expect(reason(bytes, now: Fixtures.start + timing.replayWindow + timing.skewTolerance + 1) == .outsideReplayWindow)
        #expect(reason(bytes, now: Fixtures.start - timing.skewTolerance - 1) == .outsideReplayWindow)
    }

    @Test func httpHeaderFieldsRoundTripCaseInsensitively() throws {
        let original = try message()
        let lowered = original.headerFields.map { ($0.0.lowercased(), $0.1) }
        #expect(try SignedMessage(headerFields: lowered, payload: original.payload) == original)
        #expect(throws: FrameError.self) {
            try SignedMessage(headerFields: original.headerFields + [("Pax-Sender", "US-CBP")], payload: original.payload)
        }
        #expect(original.headerFields.map(\.0) == SignedMessage.Field.all)
    }

    @Test func headerNamesMatchWithoutASCIICaseOnly() {
        #expect(SignedMessage.Field.named("pax-message-id") == SignedMessage.Field.messageId)
        #expect(SignedMessage.Field.named("PAX-PAYLOAD-LENGTH") == SignedMessage.Field.payloadLength)
        #expect(SignedMessage.Field.named("Pax-Message-Id ") == nil)
        #expect(SignedMessage.Field.named("Pax-Message") == nil)
        #expect(SignedMessage.Field.named("content-type") == nil)
        // Only ASCII letters fold: a dotless or Kelvin look-alike is another name.
        #expect(SignedMessage.Field.named("Pax-Message-\u{0130}d") == nil)
        #expect(SignedMessage.Field.named("Pax-Message-Id\u{212A}") == nil)
        #expect(!SignedMessage.Field.equalIgnoringASCIICase("[", "{"))
    }

    @Test func wireTimesRoundTrip() {
        for time: ExchangeTime in [0, 999, Fixtures.start, Fixtures.start + 86_399_999] {
            #expect(ExchangeTimeText.parse(ExchangeTimeText.format(time)) == time)
        }
        #expect(ExchangeTimeText.format(Fixtures.start + 250) == "2026-03-14T06:00:00.250Z")
        #expect(ExchangeTimeText.parse("2026-03-14T06:00:00Z") == nil)
    }

    @Test func timingRulesAreEnforced() {
        #expect(throws: TimingError.self) { try ExchangeTiming(replayWindow: 60_000) }
        #expect(throws: TimingError.self) { try ExchangeTiming(dedupWindow: 600_000) }
        #expect(ExchangeTiming.standard.dedupWindow > ExchangeTiming.standard.replayWindow + ExchangeTiming.standard.retryHorizon)
        let timing = ExchangeTiming.standard
        for attempt in 1...timing.maxAttempts {
            let most = timing.maximumWait(after: attempt)
            for draw: UInt64 in [0, 1, 12345, .max] {
                let wait = timing.wait(after: attempt, draw: draw)
                #expect(wait <= most && wait >= most / 2)
            }
        }
    }

    // MARK: Messages the driver authenticated already

    /// `message` authenticated as the HTTP layer does: signature verified with `key`, payload
    /// collected and hashed in pieces.
    func authenticated(_ message: SignedMessage, verifiedWith key: VerificationKey = Fixtures.sv.publicKey,
                       payload: [UInt8]? = nil) throws -> AuthenticatedMessage? {
        var envelope = message
        envelope.payload = []
        guard let verified = VerifiedEnvelope.verify(envelope, with: key) else { return nil }
        var buffer = HashingPayloadBuffer(capacity: 0)
        let bytes = payload ?? message.payload
        for piece in stride(from: 0, to: bytes.count, by: 7) {
            bytes[piece..<min(bytes.count, piece + 7)].withUnsafeBytes { buffer.append($0) }
        }
        return verified.attaching(buffer.finish())
    }

    func reason(_ message: AuthenticatedMessage, now: ExchangeTime = Fixtures.start) -> RejectionReason? {
        if case .failure(let rejection) = check.check(message, now: now) { return rejection.reason }
        return nil
    }

    @Test("an authenticated message passes with the same result as its frame")
    func authenticatedMessagePasses() throws {
        let original = try message()
        let proof = try #require(try authenticated(original))
        guard case .success(let accepted) = check.check(proof, now: Fixtures.start + 500) else {
            Issue.record("an authenticated message was refused")
            return
        }
        #expect(accepted == original)
        #expect(proof.key == Fixtures.sv.publicKey)
    }

    @Test("no proof for a bad signature or for a body whose SHA-256 is not the signed digest")
    func noProofWithoutSignatureAndDigest() throws {
        let original = try message()
        var envelope = original
        envelope.payload = []
        #expect(VerifiedEnvelope.verify(envelope, with: Fixtures.us.publicKey) == nil)
        var tampered = payload
        tampered[0] ^= 0x20
        #expect(try authenticated(original, payload: tampered) == nil)
        #expect(try authenticated(original, payload: payload + [0x41]) == nil)
        var retimed = envelope
        retimed.createdAt += 1
        #expect(VerifiedEnvelope.verify(retimed, with: Fixtures.sv.publicKey) == nil)
    }

    @Test("an authenticated message still meets every other check, with the same refusal codes")
    func authenticatedMessagesKeepTheOtherRefusals() throws {
        // Verified with its own key, but that key is not the one this agency holds for the sender.
        let forged = try message(key: Fixtures.usKey)
        #expect(reason(try #require(try authenticated(forged, verifiedWith: Fixtures.us.publicKey))) == .badSignature)
        let rogue = try message(sender: "XX-ROGUE")
        #expect(reason(try #require(try authenticated(rogue))) == .unknownSender)
        let elsewhere = try message(receiver: "CA-CBSA")
        #expect(reason(try #require(try authenticated(elsewhere))) == .wrongRecipient)
        let proof = try #require(try authenticated(try message()))
        #expect(reason(proof, now: Fixtures.start + timing.replayWindow) == nil)
        #expect(reason(proof, now: Fixtures.start + timing.replayWindow + timing.skewTolerance + 1) == .outsideReplayWindow)
        #expect(reason(proof, now: Fixtures.start - timing.skewTolerance - 1) == .outsideReplayWindow)
    }
}
