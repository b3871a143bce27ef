/// `PAX-BAGS-TAGS` (warning): when bag tags are given, there is one per bag. Bags without
/// tags are fine (the count may be reported before tagging).
enum BaggageRule {
    static let rule = BusinessRule(
        id: "PAX-BAGS-TAGS", severity: .warning, messageType: TravelerManifest.rootElementName,
        summary: "when bag tags are given, the bag count equals the number of tags")

    static let check = RuleCheck<ManifestReview>(rule: rule) { review, _, findings in
        let manifest = review.manifest
        for (t, traveler) in manifest.travelers.enumerated() {
            guard let bags = traveler.bags, !bags.tags.isEmpty, bags.count != bags.tags.count else { continue }
            findings.report("\(traveler.label): \(bags.count) bag\(bags.count == 1 ? "" : "s") but \(bags.tags.count) bag tag\(bags.tags.count == 1 ? "" : "s")",
                            at: manifest.travelerPath(t) + "/Bags/@count")
        }
    }
}
