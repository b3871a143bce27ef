/// A traveller chosen to match a watch-list entry, with the manifest it is in and how the
/// entry will differ from it.
public struct PlantedTraveler: Sendable, Hashable {
    public var manifestMessageId: String
    public var generated: GeneratedTraveler
    public var perturbation: Perturbation

    public init(manifestMessageId: String, generated: GeneratedTraveler, perturbation: Perturbation) {
        self.manifestMessageId = manifestMessageId
        self.generated = generated
        self.perturbation = perturbation
    }
}
