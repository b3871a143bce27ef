/// The evidence each token of a listed name is worth for one traveller (see `MatchScorer`).
struct NameWeights {
    /// Per listed token: its weight when it agrees exactly.
    var entryTokens: [Double]
    /// Per listed token: the weight of its phonetic key (what a phonetic agreement is worth).
    var entryKeys: [Double]
    /// Per traveller token: its weight on the list (its key's when the token itself is not
    /// listed; infinity when neither is).
    var travelerTokens: [Double]

    /// The weight of the aligned pair (traveller token `i`, listed token `j`). Identical tokens
    /// weigh what the listed token weighs; similar ones at most what the commoner of the two
    /// weighs, so a misspelt token (`JENKNS`, unique on the list) is not taken for a rare name.
    @inline(__always)
    func pair(_ i: Int, _ j: Int, identical: Bool) -> Double {
        identical ? entryTokens[j] : min(entryTokens[j], travelerTokens[i])
    }
}
