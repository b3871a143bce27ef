/// What an agency knows about another agency: its verification key and the airports of its
/// territory (which decide what data it may see).
public struct Peer: Sendable {
    public var id: String
    public var publicKey: VerificationKey
    public var territory: Set<String>

    public init(id: String, publicKey: VerificationKey, territory: Set<String>) {
        self.id = id
        self.publicKey = publicKey
        self.territory = territory
    }
}
