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
    /// The same with particles kept (`De la Cruz` → `delacruz`, where `surnameJoined` is
    /// `cruz`): what a list that writes the particles into the name agrees with.
    let surnameWritten: [UInt8]
    let givenWritten: [UInt8]
    /// Words the surname was written in, particles included (`DE LA CRUZ`: 3).
    let surnameParts: Int
    /// Whether particles were dropped from the tokens, so `*Written` differ from `*Joined`.
    let particlesRemoved: Bool
    /// The phonetic key of the surname written together, when it was written in two or more
    /// words (0 otherwise): a blocking key that finds `ABDELRAHMAN` from `ABDEL RAHMAN`,
    /// `DELACRUZ` from `DE LA CRUZ`, and the reverse.
    let writtenSurnameKey: UInt64
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
        var surnameWritten = NameNormalizer.WrittenTogether()
        NameNormalizer.appendTokens(of: surname, to: &all, writtenTogether: &surnameWritten)
        let surnameTokens = all.count
        var givenWritten = NameNormalizer.WrittenTogether()
        if let givenNames { NameNormalizer.appendTokens(of: givenNames, to: &all, writtenTogether: &givenWritten) }
        let truncated = all.count > Self.maximumTokens
        if truncated { all.removeLast(all.count - Self.maximumTokens) }
        tokens = all
        keys = all.map { PhoneticKey(bytes: $0).rawValue }
        variantClasses = all.map(RomanisationVariants.classes(of:))
        surnameCount = min(surnameTokens, all.count)
        // Without particles dropped (or tokens cut), the tokens run together are the field
        // written together: share the bytes instead of joining them again.
        surnameJoined = surnameWritten.particlesRemoved || truncated ? Self.joined(all[..<surnameCount]) : surnameWritten.bytes
        givenJoined = givenWritten.particlesRemoved || truncated ? Self.joined(all[surnameCount...]) : givenWritten.bytes
        self.surnameWritten = surnameWritten.bytes
        self.givenWritten = givenWritten.bytes
        surnameParts = surnameWritten.parts
        particlesRemoved = surnameWritten.particlesRemoved || givenWritten.particlesRemoved
        writtenSurnameKey = surnameWritten.parts >= 2 ? PhoneticKey(bytes: surnameWritten.bytes).rawValue : 0
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
        surnameWritten = name.surnameWritten
        givenWritten = name.givenWritten
        surnameParts = name.surnameParts
        particlesRemoved = name.particlesRemoved
        writtenSurnameKey = name.writtenSurnameKey
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
