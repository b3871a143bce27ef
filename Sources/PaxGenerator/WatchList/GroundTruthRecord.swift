import PaxBase

/// One planted traveller: which manifest and traveller, which entry should find them, and
/// how they differ from it. Written as one JSON Lines record, keys in this order.
public struct GroundTruthRecord: Sendable, Hashable {
    public var manifestMessageId: String
    public var travelerReference: String
    public var watchListEntryId: String
    public var perturbation: Perturbation

    /// `{"manifestMessageId": "...", "travelerReference": "...", "watchListEntryId": "...", "perturbation": "typo"}`.
    public var jsonLine: String {
        "{\"manifestMessageId\": " + JSONString.quoted(manifestMessageId) + ", \"travelerReference\": " + JSONString.quoted(travelerReference)
            + ", \"watchListEntryId\": " + JSONString.quoted(watchListEntryId) + ", \"perturbation\": " + JSONString.quoted(perturbation.rawValue) + "}"
    }
}
