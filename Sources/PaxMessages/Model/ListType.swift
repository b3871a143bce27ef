/// Whether a manifest lists passengers or crew (PAXLST BGM document name code 745 / 250).
public enum ListType: String, Sendable, Hashable, Codable, CaseIterable {
    case passenger = "Passenger"
    case crew = "Crew"
}
