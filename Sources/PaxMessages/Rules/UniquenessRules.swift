/// Nothing is listed twice: traveller references (`PAX-TRAVELER-UNIQUE`, which the schema's
/// `xs:unique` also enforces, so in `paxsim validate` it only matters for models built in
/// code) and travel documents by (type, number, issuing state) across the whole manifest
/// (`PAX-DOC-UNIQUE`). Each repeat is reported where it occurs, naming the first.
enum UniquenessRules {
    static let travelerReference = BusinessRule(
        id: "PAX-TRAVELER-UNIQUE", severity: .error, messageType: TravelerManifest.rootElementName,
        summary: "no two travellers share a reference (also enforced by the schema)")

    static let document = BusinessRule(
        id: "PAX-DOC-UNIQUE", severity: .error, messageType: TravelerManifest.rootElementName,
        summary: "no travel document (type, number, issuing state) is listed twice in a manifest")

    static let travelerReferenceCheck = RuleCheck<ManifestReview>(rule: travelerReference) { review, _, findings in
        let manifest = review.manifest
        var first: [String: Int] = [:]
        for (t, traveler) in manifest.travelers.enumerated() {
            if let earlier = first[traveler.reference] {
                findings.report("\(traveler.label): reference \(traveler.reference) is already used by traveller \(earlier + 1) (\(manifest.travelers[earlier].surname))",
                                at: manifest.travelerPath(t) + "/@reference")
            } else {
                first[traveler.reference] = t
            }
        }
    }

    private struct DocumentKey: Hashable {
        var type: DocumentType
        var number: String
        var issuingState: CountryCode
    }

    static let documentCheck = RuleCheck<ManifestReview>(rule: document) { review, _, findings in
        let manifest = review.manifest
        var first: [DocumentKey: Int] = [:]
        for (t, traveler) in manifest.travelers.enumerated() {
            for (d, document) in traveler.documents.enumerated() {
                let key = DocumentKey(type: document.type, number: document.number, issuingState: document.issuingState)
                guard let earlier = first[key] else {
                    first[key] = t
                    continue
                }
                let owner = earlier == t ? "this traveller" : manifest.travelers[earlier].label
                findings.report("\(traveler.label): \(document.label) issued by \(document.issuingState) is also listed for \(owner)",
                                at: manifest.documentPath(traveler: t, document: d) + "/Number")
            }
        }
    }
}
