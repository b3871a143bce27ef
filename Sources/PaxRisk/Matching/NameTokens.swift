/// A normalised name prepared for comparison: tokens as ASCII bytes with their phonetic keys;
/// the first `surnameCount` tokens came from the surname.
///
/// A class (immutable) rather than a struct: screening passes listed names around by the
/// hundred per traveller, and a reference costs one reference-count operation to copy where
/// a struct of ten arrays costs ten.
final class NameTokens: Sendable {
    /// At most this many tokens take part in matching (longer names are truncated).
    static let maximumTokens = 8

    let tokens: [[UInt8]]
    let keys: [UInt64]
    /// For each token, its `RomanisationVariants` classes as a bit mask (0: none).
    let variantClasses: [UInt64]
    let surnameCount: Int
    /// The surname tokens and the given-name tokens each run together (`abdelrahman`), for
    /// names one side writes as one word and the other as two.
    let surnameJoined: [UInt8]
    let givenJoined: [UInt8]
    /// For listed names: each token's and each key's id in `TokenStatistics`; empty for
    /// travellers.
    let tokenIds: [UInt32]
    let keyIds: [UInt32]
    /// For listed names of entries with a nationality: each token's and each key's weight
    /// (see `TokenStatistics`), computed once; empty otherwise.
    let weights: [Double]
    let keyWeights: [Double]

    init(surname: String, givenNames: String?) {
        var all: [[UInt8]] = []
        all.reserveCapacity(4)
        NameNormalizer.appendTokens(of: surname, to: &all)
        let surnameTokens = all.count
        if let givenNames { NameNormalizer.appendTokens(of: givenNames, to: &all) }
        if all.count > Self.maximumTokens { all.removeLast(all.count - Self.maximumTokens) }
        tokens = all
        keys = all.map { PhoneticKey(bytes: $0).rawValue }
        variantClasses = all.map(RomanisationVariants.classes(of:))
        surnameCount = min(surnameTokens, all.count)
        surnameJoined = Self.joined(all[..<surnameCount])
        givenJoined = Self.joined(all[surnameCount...])
        tokenIds = []
        keyIds = []
        weights = []
        keyWeights = []
    }

    private static func joined(_ tokens: ArraySlice<[UInt8]>) -> [UInt8] {
        if tokens.count == 1, let only = tokens.first { return only }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tokens.reduce(0) { $0 + $1.count })
        for token in tokens { bytes += token }
        return bytes
    }

    private init(_ name: NameTokens, tokenIds: [UInt32], keyIds: [UInt32], weights: [Double], keyWeights: [Double]) {
        tokens = name.tokens
        keys = name.keys
        variantClasses = name.variantClasses
        surnameCount = name.surnameCount
        surnameJoined = name.surnameJoined
        givenJoined = name.givenJoined
        self.tokenIds = tokenIds
        self.keyIds = keyIds
        self.weights = weights
        self.keyWeights = keyWeights
    }

    /// The same name with its token and key ids on the list.
    func identified(tokenIds: [UInt32], keyIds: [UInt32]) -> NameTokens {
        NameTokens(self, tokenIds: tokenIds, keyIds: keyIds, weights: weights, keyWeights: keyWeights)
    }

    /// The same name with static token and key weights.
    func weighted(_ weights: [Double], keyWeights: [Double]) -> NameTokens {
        NameTokens(self, tokenIds: tokenIds, keyIds: keyIds, weights: weights, keyWeights: keyWeights)
    }
}
