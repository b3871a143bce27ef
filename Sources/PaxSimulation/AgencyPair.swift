
@_spi(Testing) import PaxExchange
import PaxGenerator
import PaxMessages
import PaxRisk

/// The two simulated agencies' identities: El Salvador's migration directorate and U.S. CBP,
/// with keys made from the run's seeded generator and territories from the airport table.
struct AgencyPair {
    struct Identity {
        var id: String
        var key: SigningKey
        var territory: Set<String>
    }

    var a: Identity
    var b: Identity

    init(random: inout SeededRandom) throws {
        a = Identity(id: "SV-DGME", key: try Self.key(&random), territory: Self.airports(in: "SLV"))
        b = Identity(id: "US-CBP", key: try Self.key(&random), territory: Self.airports(in: "USA"))
    }

    static func key(_ random: inout SeededRandom) throws -> SigningKey {
        var bytes: [UInt8] = []
        for _ in 0..<4 {
            let word = random.next()
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return try SigningKey(rawRepresentation: bytes)
    }

    static func airports(in country: String) -> Set<String> {
        Set(Airports.all.filter { $0.country.rawValue == country }.map(\.code))
    }

    /// Both agencies' configurations; `others` are further peers both know (the byzantine one).
    func configurations(screening: RiskEngine, options: SimulationOptions, others: [Peer] = []) -> [AgencyConfiguration] {
        let peers = [a, b].map { Peer(id: $0.id, publicKey: $0.key.publicKey, territory: $0.territory) }
        return [a, b].map { identity in
            var configuration = AgencyConfiguration(id: identity.id, signingKey: identity.key, territory: identity.territory,
                                                    peers: peers.filter { $0.id != identity.id } + others, screening: screening)
            configuration.behaviour = AgencyBehaviour(disableDedup: options.brokenDedup,
                                                      disableAuthorisation: options.brokenAuthorisation)
            return configuration
        }
    }
}
