/// `PAX-BIRTH-DATE`: a traveller's date of birth is not after the context's today (by
/// default the day the message was created; born that day is fine) and is before the expiry
/// date of each of their documents. A birth date in the future is reported alone, without
/// also comparing it with every document.
enum BirthDateRule {
    static let rule = BusinessRule(
        id: "PAX-BIRTH-DATE", severity: .error, messageType: TravelerManifest.rootElementName,
        summary: "a traveller's date of birth is not in the future and is before every document's expiry date")

    static let check = RuleCheck<ManifestReview>(rule: rule) { review, context, findings in
        let manifest = review.manifest
        let today = context.today(for: manifest.header)
        for (t, traveler) in manifest.travelers.enumerated() {
            // The path is made only for a finding: most travellers have none.
            func path() -> String { manifest.travelerPath(t) + "/DateOfBirth" }
            if traveler.dateOfBirth > today {
                findings.report("\(traveler.label): date of birth \(traveler.dateOfBirth) is in the future (today is \(today))",
                                at: path())
                continue
            }
            for document in traveler.documents where traveler.dateOfBirth >= document.expiryDate {
                findings.report("\(traveler.label): date of birth \(traveler.dateOfBirth) is not before the expiry date \(document.expiryDate) of \(document.label)",
                                at: path())
            }
        }
    }
}
