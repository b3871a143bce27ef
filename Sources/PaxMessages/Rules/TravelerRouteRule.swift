/// `PAX-TRAVELER-ROUTE`: a traveller boards where one of the flight's legs departs and
/// leaves where one of its legs arrives, and not before boarding (in leg order).
enum TravelerRouteRule {
    static let rule = BusinessRule(
        id: "PAX-TRAVELER-ROUTE", severity: .error, messageType: TravelerManifest.rootElementName,
        summary: "a traveller's embarkation and debarkation airports are on the flight's legs, embarkation first")

    static let check = RuleCheck<ManifestReview>(rule: rule) { review, _, findings in
        let manifest = review.manifest
        let flight = manifest.flight
        let departures = Set(flight.legs.map(\.departureAirport)), arrivals = Set(flight.legs.map(\.arrivalAirport))
        for (t, traveler) in manifest.travelers.enumerated() {
            // The path is made only for a finding: most travellers have none.
            func path() -> String { manifest.travelerPath(t) }
            let boards = departures.contains(traveler.embarkation), leaves = arrivals.contains(traveler.debarkation)
            if !boards {
                findings.report("\(traveler.label): embarkation \(traveler.embarkation) is not a departure airport of flight \(flight.designator) (\(flight.route))",
                                at: path() + "/Embarkation")
            }
            if !leaves {
                findings.report("\(traveler.label): debarkation \(traveler.debarkation) is not an arrival airport of flight \(flight.designator) (\(flight.route))",
                                at: path() + "/Debarkation")
            }
            if boards, leaves, flight.legs.route(embarking: traveler.embarkation, debarking: traveler.debarkation) == nil {
                findings.report("\(traveler.label): debarks at \(traveler.debarkation) before embarking at \(traveler.embarkation) on flight \(flight.designator) (\(flight.route))",
                                at: path() + "/Debarkation")
            }
        }
    }
}
