@_spi(Testing) import PaxExchange
import PaxMessages
import PaxRisk

/// SV-DGME and US-CBP, plus GT-IGM: a third agency both know and whose signatures verify, to
/// play the misbehaving peer.
enum ThreeAgencies {
    static let gtKey = Fixtures.key(3)
    static let gt = Peer(id: "GT-IGM", publicKey: gtKey.publicKey, territory: ["GUA"])

    static func configuration(_ id: String) -> AgencyConfiguration {
        let engine = RiskEngine(screener: WatchListScreener(watchList: WatchList(listId: "EMPTY", issuedAt: nil, entries: [])))
        return id == "SV-DGME"
            ? AgencyConfiguration(id: id, signingKey: Fixtures.svKey, territory: Fixtures.sv.territory, peers: [Fixtures.us, gt],
                                  screening: engine)
            : AgencyConfiguration(id: id, signingKey: Fixtures.usKey, territory: Fixtures.us.territory, peers: [Fixtures.sv, gt],
                                  screening: engine)
    }

    static func key(of agency: String) -> SigningKey {
        switch agency {
        case "SV-DGME": Fixtures.svKey
        case "US-CBP": Fixtures.usKey
        default: gtKey
        }
    }

    /// A signed frame of `payload` from `sender` (with its real key) to `receiver`.
    static func frame(_ payload: [UInt8], id: String, from sender: String, to receiver: String, at time: ExchangeTime) throws -> [UInt8] {
        WireFrame.encode(try SignedMessage.signed(messageId: id, correlationId: "", sender: sender, receiver: receiver,
                                                  createdAt: time, payload: payload, key: key(of: sender)))
    }

    /// `manifest` re-addressed: id, sender and receiver in its header (so it matches the envelope).
    static func readdressed(_ manifest: TravelerManifest, id: String, from sender: String, to receiver: String) -> TravelerManifest {
        var copy = manifest
        copy.header = MessageHeader(messageId: id, correlationId: manifest.header.correlationId, sender: sender,
                                    receiver: receiver, createdAt: manifest.header.createdAt)
        return copy
    }

    /// The decoded payload of a frame.
    static func payload(_ frame: [UInt8]) throws -> PaxMessage {
        try PaxMessage.decode(bytes: try WireFrame.decode(frame).payload)
    }
}
