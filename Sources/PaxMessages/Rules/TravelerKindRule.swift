/// `PAX-KIND-LIST`: a passenger list holds only Passenger and TransitPassenger entries, a
/// crew list only Crew and TransitCrew.
enum TravelerKindRule {
    static let rule = BusinessRule(
        id: "PAX-KIND-LIST", severity: .error, messageType: TravelerManifest.rootElementName,
        summary: "passenger lists hold only passengers, crew lists only crew (transit kinds included)")

    static let check = RuleCheck<ManifestReview>(rule: rule) { review, _, findings in
        let manifest = review.manifest
        let wantsPassengers = manifest.listType == .passenger
        for (t, traveler) in manifest.travelers.enumerated() where traveler.kind.isPassenger != wantsPassengers {
            findings.report("\(traveler.label): kind \(traveler.kind.rawValue) does not belong on a \(manifest.listType.rawValue.lowercased()) list",
                            at: manifest.travelerPath(t) + "/Kind")
        }
    }
}
