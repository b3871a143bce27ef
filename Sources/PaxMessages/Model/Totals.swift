/// Control totals of a manifest (PAXLST CNT+42 passengers, CNT+41 crew).
public struct Totals: Sendable, Hashable, Codable {
    public var passengers: Int
    public var crew: Int

    public init(passengers: Int, crew: Int) {
        self.passengers = passengers
        self.crew = crew
    }

    /// The totals of these travellers: transit passengers count as passengers, transit crew
    /// as crew.
    public init(counting travelers: [Traveler]) {
        let passengers = travelers.count { $0.kind.isPassenger }
        self.init(passengers: passengers, crew: travelers.count - passengers)
    }
}
