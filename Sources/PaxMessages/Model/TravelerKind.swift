/// The kind of traveller (PAXLST NAD party function qualifier FL, FM, DDU, DDT).
public enum TravelerKind: String, Sendable, Hashable, Codable, CaseIterable {
    case passenger = "Passenger"
    case crew = "Crew"
    /// Passenger in transit through the reporting country.
    case transitPassenger = "TransitPassenger"
    /// Crew member in transit through the reporting country.
    case transitCrew = "TransitCrew"

    /// Whether this kind counts towards `Totals.passengers` (otherwise `Totals.crew`).
    public var isPassenger: Bool { self == .passenger || self == .transitPassenger }
}
