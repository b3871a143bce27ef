import Crypto
@_spi(Testing) import PaxExchange
import PaxGenerator
import PaxMessages
import PaxRisk

/// Two agencies wired to each other, a manifest from SV-DGME to US-CBP, and a seeded source.
struct Fixtures {
    static let start: ExchangeTime = 1_773_468_000_000  // 2026-03-14T06:00:00Z

    static func key(_ byte: UInt8) -> SigningKey {
        // Fixed test keys: 32 bytes derived from one byte.
        (try? SigningKey(rawRepresentation: (0..<32).map { UInt8($0) &* 7 &+ byte }))
            ?? SigningKey.random()
    }

    static let svKey = key(1)
    static let usKey = key(2)
    static let sv = Peer(id: "SV-DGME", publicKey: svKey.publicKey, territory: ["SAL"])
    static let us = Peer(id: "US-CBP", publicKey: usKey.publicKey, territory: ["IAH", "LAX", "MIA"])

    static func configuration(_ id: String, behaviour: AgencyBehaviour = .correct,
                              watchList: WatchList = WatchList(listId: "EMPTY", issuedAt: nil, entries: [])) -> AgencyConfiguration {
        let engine = RiskEngine(screener: WatchListScreener(watchList: watchList))
        var configuration = id == "SV-DGME"
            ? AgencyConfiguration(id: id, signingKey: svKey, territory: sv.territory, peers: [us], screening: engine)
            : AgencyConfiguration(id: id, signingKey: usKey, territory: us.territory, peers: [sv], screening: engine)
        configuration.behaviour = behaviour
        return configuration
    }

    /// A valid passenger list SAL → IAH (sender SV-DGME, receiver US-CBP).
    static func manifest(seed: UInt64 = 3, travelers: Int = 5, from: String = "SAL", to: String = "IAH") -> TravelerManifest {
        var generator = Generator(seed: seed)
        generator.workers = 1
        guard let date = CalendarDate("2026-03-14"), let plan = try? generator.flight(on: date, from: from, to: to) else {
            preconditionFailure("generator refused a fixed flight")
        }
        return generator.passengerList(for: plan, travelers: travelers)
    }

    /// The sends among `effects`.
    static func sends(_ effects: [AgencyEffect]) -> [(peer: String, id: String, frame: [UInt8], kind: SendKind)] {
        effects.compactMap { effect in
            if case .send(let peer, let id, let frame, let kind) = effect { return (peer, id, frame, kind) }
            return nil
        }
    }

    static func refusals(_ effects: [AgencyEffect]) -> [RejectionReason] {
        effects.compactMap { effect in
            if case .refused(let rejection) = effect { return rejection.reason }
            return nil
        }
    }

    static func timers(_ effects: [AgencyEffect]) -> [(AgencyTimer, ExchangeTime)] {
        effects.compactMap { effect in
            if case .setTimer(let timer, let at) = effect { return (timer, at) }
            return nil
        }
    }
}
