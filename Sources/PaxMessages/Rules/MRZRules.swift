/// ICAO Doc 9303 rules on each swiped document's machine-readable zone: its shape and
/// values (`PAX-MRZ-FORMAT`) and its check digits (`PAX-MRZ-CHECK`). Documents without an
/// MRZ are not checked.
enum MRZRules {
    static let format = BusinessRule(
        id: "PAX-MRZ-FORMAT", severity: .error, messageType: TravelerManifest.rootElementName,
        summary: "a document's MRZ is a TD3, TD1 or MRV-A zone: line count and lengths, characters [0-9A-Z<], YYMMDD dates, sex M/F/X/<")

    static let checkDigits = BusinessRule(
        id: "PAX-MRZ-CHECK", severity: .error, messageType: TravelerManifest.rootElementName,
        summary: "every check digit of a document's MRZ is right (document number, birth, expiry, personal number, composite)")

    static let formatCheck = RuleCheck<ManifestReview>(rule: format) { review, _, findings in
        let manifest = review.manifest
        forEachMRZ(in: review) { t, d, verification in
            guard let first = verification.problems.first else { return }
            let traveler = manifest.travelers[t], document = traveler.documents[d]
            let path = first.lineNumber.map { manifest.mrzLinePath(traveler: t, document: d, line: $0 - 1) }
                ?? manifest.documentPath(traveler: t, document: d) + "/MRZ"
            findings.report("\(traveler.label): \(document.label) has a malformed MRZ: "
                            + verification.problems.map(\.description).joined(separator: "; "), at: path)
        }
    }

    static let checkDigitCheck = RuleCheck<ManifestReview>(rule: checkDigits) { review, _, findings in
        let manifest = review.manifest
        forEachMRZ(in: review) { t, d, verification in
            // A check over characters outside the alphabet has no expected digit: PAX-MRZ-FORMAT reports those.
            let failed = verification.failedChecks.filter { $0.expected != nil }
            guard let first = failed.first else { return }
            let traveler = manifest.travelers[t], document = traveler.documents[d]
            let list = failed.map { check in
                "\(check.name.words) (line \(check.line) position \(check.position): expected \(check.expected ?? "?"), found \(check.found))"
            }
            findings.report("\(traveler.label): \(document.label) MRZ check digit\(failed.count == 1 ? "" : "s") wrong: "
                            + list.joined(separator: "; "),
                            at: manifest.mrzLinePath(traveler: t, document: d, line: first.line - 1))
        }
    }

    /// Calls `body` with (traveller index, document index, verification) for every document with an MRZ.
    static func forEachMRZ(in review: ManifestReview, _ body: (Int, Int, MRZVerification) -> Void) {
        for (t, verifications) in review.mrzVerifications.enumerated() {
            for (d, verification) in verifications.enumerated() {
                if let verification { body(t, d, verification) }
            }
        }
    }
}

extension MRZCheck.Name {
    /// The check digit's name in words.
    var words: String {
        switch self {
        case .documentNumber: "document number"
        case .dateOfBirth: "date of birth"
        case .dateOfExpiry: "date of expiry"
        case .personalNumber: "personal number"
        case .composite: "composite"
        }
    }
}

extension MRZProblem {
    /// The 1-based MRZ line the problem is on, when it names one.
    var lineNumber: Int? {
        switch self {
        case .lineCount, .unsupportedLayout: nil
        case let .lineLength(line, _, _), let .invalidCharacter(line, _, _), let .invalidSex(line, _, _): line
        // Both dates sit on line 2 in every supported format.
        case .invalidDate: 2
        }
    }
}
