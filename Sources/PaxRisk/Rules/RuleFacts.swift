public import PaxMessages

/// What rules see of one traveller: the traveller, their first document and the flight, plus
/// the derived numbers (age, days of validity after arrival), computed once.
public struct RuleFacts: Sendable {
    public let traveler: Traveler
    public let flight: Flight
    /// The first document, the one travelled on.
    public var document: TravelDocument? { traveler.documents.first }
    /// Age in whole years on the local date the flight first departs.
    public let age: Int
    /// Days from the traveller's scheduled arrival (local date) to the first document's expiry;
    /// negative when it expires before arrival.
    public let daysValidAfterArrival: Int?
    /// Every airport of the flight in order, without repeats.
    public let route: [String]

    public init(traveler: Traveler, flight: Flight) {
        self.traveler = traveler
        self.flight = flight
        let departure = flight.legs.first?.scheduledDeparture.localDate
        age = departure.map { Self.age(born: traveler.dateOfBirth, on: $0) } ?? 0
        let arrivalLeg = flight.legs.first { $0.arrivalAirport == traveler.debarkation } ?? flight.legs.last
        if let arrival = arrivalLeg?.scheduledArrival.localDate, let expiry = traveler.documents.first?.expiryDate {
            daysValidAfterArrival = expiry.daysSince1970 - arrival.daysSince1970
        } else {
            daysValidAfterArrival = nil
        }
        var route: [String] = []
        for leg in flight.legs {
            if route.last != leg.departureAirport { route.append(leg.departureAirport) }
            route.append(leg.arrivalAirport)
        }
        self.route = route
    }

    /// Whole years from `born` to `day` (a birthday on 29 February counts from 1 March in
    /// other years).
    static func age(born: CalendarDate, on day: CalendarDate) -> Int {
        var years = day.year - born.year
        if (day.month, day.day) < (born.month, born.day) { years -= 1 }
        return max(0, years)
    }
}
