/// The flight's legs make one journey: each leg lands after it takes off
/// (`PAX-LEG-TIMES`), legs are numbered 1 to n in document order (`PAX-LEG-SEQUENCE`), and
/// each leg departs from the airport where the previous one arrived, not before it arrived
/// (`PAX-LEG-CHAIN`). Times are compared as instants, so their UTC offsets count.
enum LegRules {
    static let times = BusinessRule(
        id: "PAX-LEG-TIMES", severity: .error, messageType: TravelerManifest.rootElementName,
        summary: "every leg's scheduled departure is before its scheduled arrival (as instants, offsets applied)")

    static let sequence = BusinessRule(
        id: "PAX-LEG-SEQUENCE", severity: .error, messageType: TravelerManifest.rootElementName,
        summary: "legs are numbered 1, 2, ... n in document order")

    static let chain = BusinessRule(
        id: "PAX-LEG-CHAIN", severity: .error, messageType: TravelerManifest.rootElementName,
        summary: "each leg departs from the previous leg's arrival airport, not before the previous leg arrived")

    static let timesCheck = RuleCheck<ManifestReview>(rule: times) { review, _, findings in
        let manifest = review.manifest
        let flight = manifest.flight
        for (k, leg) in flight.legs.enumerated() where !(leg.scheduledDeparture < leg.scheduledArrival) {
            findings.report("flight \(flight.designator) leg \(leg.sequence) \(leg.departureAirport)-\(leg.arrivalAirport): scheduled arrival \(leg.scheduledArrival) is not after scheduled departure \(leg.scheduledDeparture)",
                            at: manifest.legPath(k) + "/ScheduledArrival")
        }
    }

    static let sequenceCheck = RuleCheck<ManifestReview>(rule: sequence) { review, _, findings in
        let manifest = review.manifest
        let legs = manifest.flight.legs
        guard let wrong = legs.indices.first(where: { legs[$0].sequence != $0 + 1 }) else { return }
        let leg = legs[wrong]
        let found = legs.map { String($0.sequence) }.joined(separator: ", ")
        findings.report("flight \(manifest.flight.designator): leg \(wrong + 1) of \(legs.count) (\(leg.departureAirport)-\(leg.arrivalAirport)) has sequence \(leg.sequence); legs must be numbered 1 to \(legs.count) in document order (found \(found))",
                        at: manifest.legPath(wrong) + "/@sequence")
    }

    static let chainCheck = RuleCheck<ManifestReview>(rule: chain) { review, _, findings in
        let manifest = review.manifest
        let flight = manifest.flight
        for k in flight.legs.indices.dropFirst() {
            let previous = flight.legs[k - 1], leg = flight.legs[k]
            if leg.departureAirport != previous.arrivalAirport {
                findings.report("flight \(flight.designator): leg \(leg.sequence) departs from \(leg.departureAirport) but leg \(previous.sequence) arrived at \(previous.arrivalAirport)",
                                at: manifest.legPath(k) + "/DepartureAirport")
            }
            if leg.scheduledDeparture < previous.scheduledArrival {
                findings.report("flight \(flight.designator): leg \(leg.sequence) departs at \(leg.scheduledDeparture), before leg \(previous.sequence) arrives at \(previous.scheduledArrival)",
                                at: manifest.legPath(k) + "/ScheduledDeparture")
            }
        }
    }
}
