/// How a manifest refers to the one it amends: a Change or Cancel names the original in
/// `OriginalMessageId`, which is not its own `MessageId` (`PAX-ORIGINAL-REF`, error); an
/// Original refers to nothing (`PAX-ORIGINAL-REF-EXTRA`, warning). A CloseOut may do either.
enum MessageFunctionRules {
    static let reference = BusinessRule(
        id: "PAX-ORIGINAL-REF", severity: .error, messageType: TravelerManifest.rootElementName,
        summary: "a Change or Cancel has an OriginalMessageId, different from its own MessageId")

    static let extraReference = BusinessRule(
        id: "PAX-ORIGINAL-REF-EXTRA", severity: .warning, messageType: TravelerManifest.rootElementName,
        summary: "an Original has no OriginalMessageId")

    static let referenceCheck = RuleCheck<ManifestReview>(rule: reference) { review, _, findings in
        let manifest = review.manifest
        guard manifest.function == .change || manifest.function == .cancel else { return }
        let function = manifest.function.rawValue
        guard let original = manifest.originalMessageId else {
            findings.report("a \(function) must name the manifest it amends in OriginalMessageId",
                            at: TravelerManifest.rootPath + "/MessageFunction")
            return
        }
        if original == manifest.header.messageId {
            findings.report("a \(function) refers to itself: OriginalMessageId is its own MessageId \(original)",
                            at: TravelerManifest.rootPath + "/OriginalMessageId")
        }
    }

    static let extraReferenceCheck = RuleCheck<ManifestReview>(rule: extraReference) { review, _, findings in
        let manifest = review.manifest
        guard manifest.function == .original, let original = manifest.originalMessageId else { return }
        findings.report("an Original has nothing to amend, yet names OriginalMessageId \(original)",
                        at: TravelerManifest.rootPath + "/OriginalMessageId")
    }
}
