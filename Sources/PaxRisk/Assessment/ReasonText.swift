import Foundation

/// The one-sentence explanations an analyst reads for each reason.
enum ReasonText {
    static func watchList(_ hit: WatchListHit) -> String {
        let f = hit.match.features
        var parts = ["\(hit.category.rawValue) watch-list entry (action \(hit.action.rawValue))",
                     "name \(percent(f.nameSimilarity)) similar to \(hit.listedName)"
                         + (f.nameIndex > 0 ? " (alias \(f.nameIndex))" : "")]
        if f.swappedNameOrder { parts.append("names in swapped order") }
        if f.unmatchedTokens > 0 { parts.append("\(f.unmatchedTokens) name part\(f.unmatchedTokens == 1 ? "" : "s") unmatched") }
        parts.append("date of birth \(birth(f.birthDate))")
        if f.nationality != .unknown { parts.append("nationality \(f.nationality == .agree ? "agrees" : "differs")") }
        if f.document != .none { parts.append("document number \(f.document == .exact ? "identical" : "one character apart")") }
        return clip(parts.joined(separator: "; ") + ".")
    }

    static func rule(_ hit: RuleHit) -> String {
        clip("\(hit.description) (weight \(String(format: "%.2f", hit.weight))).")
    }

    private static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }

    private static func birth(_ agreement: BirthDateAgreement) -> String {
        switch agreement {
        case .exact: "identical"
        case .dayMonthSwapped: "with day and month swapped"
        case .yearOffByOne: "one year apart"
        case .sameYearAndMonth: "same year and month"
        case .sameYear: "in the listed birth year"
        case .nearYear: "one year from the listed birth year"
        case .withinRange: "within the listed range"
        case .nearRange: "within a year of the listed range"
        case .mismatch: "different"
        case .unknown: "not listed"
        }
    }

    /// Within the 2000 characters of `LongText`, without control characters.
    private static func clip(_ text: String) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        }))
        return clean.count <= 2000 ? clean : String(clean.prefix(1999)) + "…"
    }
}
