/// What a manifest does to the list for its flight (PAXLST BGM message function).
public enum MessageFunction: String, Sendable, Hashable, Codable, CaseIterable {
    /// First transmission of the list for this flight.
    case original = "Original"
    /// Amendment of a list sent earlier (see `TravelerManifest.originalMessageId`).
    case change = "Change"
    /// Cancellation of a list sent earlier (see `TravelerManifest.originalMessageId`).
    case cancel = "Cancel"
    /// Final list after the doors closed.
    case closeOut = "CloseOut"
}
