public import PaxMessages

/// A generated traveller with what the model value does not keep: the name in parts and
/// its tradition. The watch-list planter derives entries from these.
public struct GeneratedTraveler: Sendable, Hashable {
    public var traveler: Traveler
    public var name: PersonName
    /// Position in its manifest's traveller list, from 0.
    public var index: Int
}
