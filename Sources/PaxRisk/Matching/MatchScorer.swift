import Foundation
import PaxMessages

/// Turns match evidence into one calibrated score in 0...1: the probability that traveller and
/// entry are the same person.
///
/// Fellegi-Sunter record linkage with frequency-adjusted weights. Each field adds its
/// log-likelihood ratio ln(m/u) — how much likelier the observed agreement is for the same
/// person (m) than for two random people (u) — to the prior log-odds, and the logistic
/// function maps the sum to a probability:
/// - a name token that agrees adds ln(0.95/p), p its share among people of the entry's
///   nationality on the list (`TokenStatistics`), so `SHCHERBAKOV` counts for far more than
///   `GARCIA`; a typo earns part of it, a phonetic or romanisation agreement at most 85% of the
///   phonetic key's own (smaller) weight, and an unrelated token subtracts. Agreeing tokens
///   are not independent: the strongest counts in full, the others at 80%;
/// - a date of birth adds ln(m/u) for the kind of agreement (an exact date is one in ~25,000,
///   a year one in ~55, a range in proportion to its width), and −5 when it disagrees;
/// - a nationality adds a modest +1.5 (−2 when it differs): the name weights already assume
///   the nationality, and the travellers' mix of nationalities is not the list's;
/// - a presented document with a listed number is a hit by itself (0.99); one typo away
///   adds +7;
/// - prior: `baseRate` (the share of screened travellers expected on the list) over the
///   number of entries.
///
/// The constants were set on the generator's populations; `paxsim evaluate` prints the
/// calibration table (in each score band, the share of matches naming the right entry).
struct MatchScorer: Sendable {
    /// Prior log-odds that a traveller is a given entry.
    let prior: Double

    init(entries: Int, baseRate: Double) {
        let p = baseRate / Double(max(1, entries))
        prior = log(p / (1 - p))
    }

    // MARK: Names

    /// Evidence of one token of a listed name agreeing exactly: ln(m/u) with u the share of
    /// comparable people who have the token.
    static func tokenWeight(share p: Double) -> Double {
        max(1, log(0.95 / p))
    }

    /// Evidence against, for a token that does not agree at all: a listed person's name token
    /// is rarely replaced by an unrelated one.
    static let tokenDisagreement = -4.5

    /// The share of a token's full weight that a Jaro-Winkler similarity earns: 1 when equal,
    /// 0.6-0.85 for one typo in a long token, nothing from 0.84 down (unrelated names of
    /// similar shape reach 0.8).
    @inline(__always)
    static func agreement(_ similarity: Double) -> Double {
        switch similarity {
        case 1...: 1
        case 0.95..<1: 0.85 + (similarity - 0.95) * 3
        case 0.90..<0.95: 0.6 + (similarity - 0.90) * 5
        case 0.87..<0.90: 0.3 + (similarity - 0.87) * 10
        case 0.84..<0.87: (similarity - 0.84) * 10
        default: 0
        }
    }

    /// Share of a weight that phonetic agreement alone earns.
    static let phoneticAgreement = 0.85

    /// Evidence of one aligned token pair: a share of the token's weight for textual
    /// agreement; for phonetic agreement a share of the smaller of the token's and its
    /// phonetic key's weight (a key shared by many names says less); else disagreement.
    @inline(__always)
    static func pairEvidence(similarity: Double, phonetic: Bool, weight: Double, keyWeight: Double) -> Double {
        let a = agreement(similarity)
        var e = a > 0 ? a * weight : tokenDisagreement * min(1, (0.84 - similarity) / 0.1 + 0.3)
        if phonetic { e = max(e, phoneticAgreement * min(weight, keyWeight)) }
        return e
    }

    /// Evidence per token left without a partner (a middle name one side omits).
    static let unmatchedToken = -1.5

    /// Extra evidence against when none of the listed surname's tokens found a partner.
    static let missingSurname = -3.0

    /// Agreeing tokens are not independent (names run in families and cultures): the
    /// strongest counts in full, each further one at this share.
    static let dependentTokenShare = 0.8

    // MARK: Other fields

    /// Days of birth dates a random person's could fall on (about 70 years).
    static let birthDays = 25_000.0

    /// Evidence of a birth-date agreement; `rangeDays` is the width of a listed range.
    static func birthDateEvidence(_ agreement: BirthDateAgreement, rangeDays: Int) -> Double {
        switch agreement {
        case .exact: return 10
        case .dayMonthSwapped: return 7.5
        case .yearOffByOne: return 6.5
        case .sameYearAndMonth: return 2
        case .sameYear: return 4.2
        case .nearYear: return 0.5
        case .withinRange: return min(10, max(0.5, log(0.95 * birthDays / Double(max(1, rangeDays)))))
        case .nearRange: return -1
        case .mismatch: return -5
        case .unknown: return 0
        }
    }

    /// Evidence of an agreeing nationality. Kept modest: how common a nationality is among
    /// the travellers screened is unknown (the list's mix is not theirs), and the name weights
    /// already assume a traveller of this nationality.
    static let nationalityAgreement = 1.5

    static let nationalityDisagreement = -2.0

    static func documentEvidence(_ agreement: DocumentAgreement) -> Double {
        switch agreement {
        case .exact: 14
        case .near: 7
        case .none: 0
        }
    }

    /// The score of presenting a listed document (same number), whatever the names say: the
    /// document itself is what the entry is about when it is lost, stolen or lent.
    static let documentHitScore = 0.99

    /// The probability for summed evidence.
    func score(evidence: Double) -> Double {
        1 / (1 + exp(-(prior + evidence)))
    }

    /// The evidence needed to reach `score`: the inverse of `score(evidence:)`.
    func evidence(forScore score: Double) -> Double {
        let p = min(max(score, 1e-12), 1 - 1e-12)
        return log(p / (1 - p)) - prior
    }
}
