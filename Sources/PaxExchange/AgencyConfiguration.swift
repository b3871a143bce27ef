public import PaxRisk

/// Who an agency is and how it works: identity, keys, peers, territory, timing, screening.
public struct AgencyConfiguration: Sendable {
    public var id: String
    public var signingKey: SigningKey
    /// Airports (IATA) of this agency's territory.
    public var territory: Set<String>
    public var peers: [String: Peer]
    public var timing: ExchangeTiming
    public var screening: RiskEngine
    /// Legal basis quoted in assistance requests.
    public var legalBasis: String
    /// Deliberate faults for tests that prove the invariants can fail; `.correct` otherwise.
    @_spi(Testing) public var behaviour: AgencyBehaviour = .correct

    public init(id: String, signingKey: SigningKey, territory: Set<String>, peers: [Peer],
                timing: ExchangeTiming = .standard, screening: RiskEngine,
                legalBasis: String = "Customs Mutual Assistance Agreement, Article 3") {
        self.id = id
        self.signingKey = signingKey
        self.territory = territory
        self.peers = Dictionary(peers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.timing = timing
        self.screening = screening
        self.legalBasis = legalBasis
    }

    /// This agency as a peer of others.
    public var asPeer: Peer { Peer(id: id, publicKey: signingKey.publicKey, territory: territory) }
}

/// Deliberately broken variants of the state machine, for tests only.
@_spi(Testing) public struct AgencyBehaviour: Sendable, Hashable {
    /// Process duplicates again instead of answering with the stored reply.
    public var disableDedup = false
    /// Answer assistance requests with every match, visible to the requester or not.
    public var disableAuthorisation = false

    public static let correct = AgencyBehaviour()
    public init(disableDedup: Bool = false, disableAuthorisation: Bool = false) {
        self.disableDedup = disableDedup
        self.disableAuthorisation = disableAuthorisation
    }
}
