/// `PAX-TOTALS`: the control totals count the travellers listed: `Passengers` the
/// Passenger and TransitPassenger entries, `Crew` the Crew and TransitCrew entries.
enum TotalsRule {
    static let rule = BusinessRule(
        id: "PAX-TOTALS", severity: .error, messageType: TravelerManifest.rootElementName,
        summary: "Totals/Passengers counts Passenger + TransitPassenger, Totals/Crew counts Crew + TransitCrew")

    static let check = RuleCheck<ManifestReview>(rule: rule) { review, _, findings in
        let manifest = review.manifest
        let counted = Totals(counting: manifest.travelers)
        let reported = manifest.totals
        if reported.passengers != counted.passengers {
            findings.report("Totals/Passengers is \(reported.passengers) but the list has \(counted.passengers) passenger\(counted.passengers == 1 ? "" : "s") (Passenger and TransitPassenger)",
                            at: TravelerManifest.rootPath + "/Totals/Passengers")
        }
        if reported.crew != counted.crew {
            findings.report("Totals/Crew is \(reported.crew) but the list has \(counted.crew) crew member\(counted.crew == 1 ? "" : "s") (Crew and TransitCrew)",
                            at: TravelerManifest.rootPath + "/Totals/Crew")
        }
    }
}
