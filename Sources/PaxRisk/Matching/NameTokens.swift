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

    /// `joining` also computes `surnameJoined` and `givenJoined` (listed names, compiled once);
    /// a traveller's are computed only when a comparison needs them.
    init(surname: String, givenNames: String?, joining: Bool = true) {
        let surname = NameNormalizer.tokens(of: surname)
        let given = givenNames.map(NameNormalizer.tokens(of:)) ?? []
        var all = surname + given
        if all.count > Self.maximumTokens { all.removeLast(all.count - Self.maximumTokens) }
        tokens = all
        keys = all.map { PhoneticKey(bytes: $0).rawValue }
        variantClasses = all.map(RomanisationVariants.classes(of:))
        surnameCount = min(surname.count, all.count)
        surnameJoined = joining ? all[..<surnameCount].flatMap { $0 } : []
        givenJoined = joining ? all[surnameCount...].flatMap { $0 } : []
        tokenIds = []
        keyIds = []
        weights = []
        keyWeights = []
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
