/// What a confirmed hit on a watch-list entry asks the screening agency to do.
public enum WatchListAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Let the traveller board; refer for inspection on arrival.
    case inspect = "Inspect"
    /// Advise the carrier not to board the traveller.
    case noBoard = "NoBoard"
}
