import PaxExchange
import PaxGenerator
import PaxMessages

/// A third agency (Guatemala's GT-IGM) that both simulated agencies have configured as a peer:
/// its key is real and its signatures verify, but it does not behave. It draws everything from
/// its own seeded stream, so runs without it draw exactly what they drew before it existed.
///
/// Each attack (`FaultPlan.byzantine` per submitted manifest) is one of:
/// - `shadow-manifest`: a valid manifest of its own travellers under the genuine manifest's id
///   (another agency's id), sent to the genuine receiver before the genuine one, or to the
///   genuine submitter (which holds its own record under that id);
/// - `id-reused`: a manifest under one of its own ids, then the same bytes again (a duplicate),
///   then other bytes under that id;
/// - `foreign-answers`: an acknowledgement (rejecting) and a risk assessment (everyone cleared)
///   of another agency's manifest, sent to that manifest's submitter;
/// - `query-others`: assistance requests about travellers of others' manifests;
/// - `extreme`: its largest manifest (up to 400 travellers) under a 64-character id.
struct ByzantinePeer {
    static let id = "GT-IGM"
    static let territory: Set<String> = ["GUA"]

    enum Attack: Int, CaseIterable {
        case shadowManifest, idReused, foreignAnswers, queryOthers, extreme

        var name: String {
            switch self {
            case .shadowManifest: "shadow-manifest"
            case .idReused: "id-reused"
            case .foreignAnswers: "foreign-answers"
            case .queryOthers: "query-others"
            case .extreme: "extreme"
            }
        }
    }

    /// A frame to deliver to `to`, `delay` ms from now.
    struct Send {
        var to: String
        var messageId: String
        var frame: [UInt8]
        var delay: Int64
    }

    let key: SigningKey
    var random: SeededRandom
    private var generator: Generator
    private var counter = 0

    init(seed: UInt64) throws {
        random = SeededRandom(seed: seed, stream: 0x4259_5A54)
        key = try AgencyPair.key(&random)
        generator = Generator(seed: seed ^ 0x4259_5A54_0000_0000)
        generator.workers = 1
    }

    var peer: Peer { Peer(id: Self.id, publicKey: key.publicKey, territory: Self.territory) }

    mutating func chance(_ p: Double) -> Bool {
        p > 0 && Double(random.next() >> 11) * 0x1p-53 < p
    }

    /// The frames of one attack around `submission` (another agency's manifest) at `now`.
    mutating func attack(_ kind: Attack, around submission: Traffic.Submission, receiver: String, traffic: Traffic,
                         now: ExchangeTime) -> [Send] {
        let victimId = submission.manifest.header.messageId
        let submitter = submission.submitter
        switch kind {
        case .shadowManifest:
            // First to the genuine receiver (it arrives before the genuine manifest is due),
            // or to the genuine submitter, which holds its own record under this id.
            let target = random.below(2) == 0 ? receiver : submitter
            return manifest(id: victimId, to: target, travelers: 2 + random.below(4), now: now).map { [$0] } ?? []
        case .idReused:
            let target = random.below(2) == 0 ? receiver : submitter
            let id = ownId("MAN")
            guard let first = manifest(id: id, to: target, travelers: 3, now: now),
                  let changed = manifest(id: id, to: target, travelers: 4, now: now) else { return [] }
            var again = first
            again.delay += 500
            var reused = changed
            reused.delay += 1_000
            return [first, again, reused]
        case .foreignAnswers:
            var sends: [Send] = []
            let ack = Acknowledgement(header: header(ownId("ACK"), to: submitter, now: now), referencedMessageId: victimId,
                                      status: .rejected, receivedDigest: String(repeating: "0", count: 64),
                                      errors: [ProcessingError(code: "PAX-TOTALS", text: "totals do not match")])
            if let send = signed(try? ack.xml(), id: ack.header.messageId, to: submitter, now: now) { sends.append(send) }
            let cleared = submission.manifest.travelers.map {
                TravelerAssessment(travelerReference: $0.reference, outcome: .cleared, score: .zero)
            }
            let assessment = RiskAssessment(header: header(ownId("RA"), to: submitter, now: now), manifestMessageId: victimId,
                                            assessedAt: ExchangeTimeText.timestamp(now), assessments: cleared)
            if var send = signed(try? assessment.xml(), id: assessment.header.messageId, to: submitter, now: now) {
                send.delay += 200
                sends.append(send)
            }
            return sends
        case .queryOthers:
            var sends: [Send] = []
            let all = traffic.submissions + traffic.local
            for target in [submitter, receiver] {
                guard !all.isEmpty else { break }
                let source = all[random.below(all.count)].manifest
                guard !source.travelers.isEmpty else { continue }
                let traveler = source.travelers[random.below(source.travelers.count)]
                let query: AssistanceQuery
                if let document = traveler.documents.first, random.below(2) == 0 {
                    query = .byDocument(DocumentQuery(documentType: document.type, documentNumber: document.number,
                                                      issuingState: document.issuingState))
                } else {
                    query = .byNameAndBirthDate(NameAndBirthDateQuery(surname: traveler.surname, dateOfBirth: traveler.dateOfBirth))
                }
                let request = AssistanceRequest(header: header(ownId("AST"), to: target, now: now),
                                                legalBasis: "none", purpose: "fishing for others' travellers", query: query)
                if let send = signed(try? request.xml(), id: request.header.messageId, to: target, now: now) { sends.append(send) }
            }
            return sends
        case .extreme:
            // The longest id the schemas allow, and the largest list this peer sends.
            var id = ownId("MAN") + ":"
            while id.utf8.count < MessageNamespace.maxIdLength { id += "X" }
            let target = random.below(2) == 0 ? receiver : submitter
            return manifest(id: id, to: target, travelers: 50 + random.below(351), now: now).map { [$0] } ?? []
        }
    }

    private mutating func ownId(_ kind: String) -> String {
        counter += 1
        return Self.id + ":" + kind + ":" + String(random.next() >> 16, radix: 16) + String(counter)
    }

    private func header(_ id: String, to receiver: String, now: ExchangeTime) -> MessageHeader {
        MessageHeader(messageId: id, sender: Self.id, receiver: receiver, createdAt: ExchangeTimeText.timestamp(now))
    }

    /// A valid passenger list from Guatemala City to the target's territory, under `id`.
    private mutating func manifest(id: String, to target: String, travelers: Int, now: ExchangeTime) -> Send? {
        guard let date = CalendarDate("2026-03-14"),
              let plan = try? generator.flight(on: date, from: "GUA", to: target == "SV-DGME" ? "SAL" : "IAH") else { return nil }
        var manifest = generator.passengerList(for: plan, travelers: travelers)
        manifest.header = MessageHeader(messageId: id, correlationId: manifest.header.correlationId, sender: Self.id,
                                        receiver: target, createdAt: ExchangeTimeText.timestamp(now))
        return signed(try? manifest.xml(), id: id, to: target, now: now)
    }

    private mutating func signed(_ payload: [UInt8]?, id: String, to target: String, now: ExchangeTime) -> Send? {
        guard let payload, let message = try? SignedMessage.signed(messageId: id, correlationId: "", sender: Self.id,
                                                                    receiver: target, createdAt: now, payload: payload, key: key) else {
            return nil
        }
        return Send(to: target, messageId: id, frame: WireFrame.encode(message), delay: Int64(1 + random.below(20)))
    }
}
