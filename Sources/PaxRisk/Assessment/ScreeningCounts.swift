/// How much work screening did, summed over travellers: what the blocking tables returned and
/// how many listed names got as far as a token-by-token comparison (`paxsim screen --stats`).
public struct ScreeningCounts: Sendable, Hashable {
    public var travelers = 0
    /// Postings read from the name blocking tables, before the bounds in their tags.
    public var postings = 0
    /// Distinct candidate names left after those bounds (or reached by document number).
    public var candidates = 0
    /// Listed names compared token by token with Jaro-Winkler (after every cheaper bound).
    public var comparisons = 0

    public init() {}

    public static func + (a: ScreeningCounts, b: ScreeningCounts) -> ScreeningCounts {
        var sum = a
        sum.travelers += b.travelers
        sum.postings += b.postings
        sum.candidates += b.candidates
        sum.comparisons += b.comparisons
        return sum
    }
}
