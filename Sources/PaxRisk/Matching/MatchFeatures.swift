/// The evidence behind one traveller-to-entry match score, so an analyst (and a test) can see
/// why two records were judged the same person.
public struct MatchFeatures: Sendable, Hashable, Codable {
    /// Length-weighted mean Jaro-Winkler similarity of the aligned name tokens, 0...1.
    public var nameSimilarity: Double
    /// Similarity of the weakest aligned token pair.
    public var weakestTokenSimilarity: Double
    /// Tokens without a partner on either side (a missing middle name counts one).
    public var unmatchedTokens: Int
    /// Share of aligned token pairs whose phonetic keys agree.
    public var phoneticAgreement: Double
    /// Whether surname and given names appear in swapped order.
    public var swappedNameOrder: Bool
    /// Which of the entry's names matched: 0 the primary name, 1... the aliases.
    public var nameIndex: Int
    public var birthDate: BirthDateAgreement
    public var nationality: NationalityAgreement
    public var document: DocumentAgreement
    /// The summed log-odds evidence the score is computed from.
    public var evidence: Double

    public init(nameSimilarity: Double, weakestTokenSimilarity: Double, unmatchedTokens: Int,
                phoneticAgreement: Double, swappedNameOrder: Bool, nameIndex: Int,
                birthDate: BirthDateAgreement, nationality: NationalityAgreement, document: DocumentAgreement,
                evidence: Double) {
        self.nameSimilarity = nameSimilarity
        self.weakestTokenSimilarity = weakestTokenSimilarity
        self.unmatchedTokens = unmatchedTokens
        self.phoneticAgreement = phoneticAgreement
        self.swappedNameOrder = swappedNameOrder
        self.nameIndex = nameIndex
        self.birthDate = birthDate
        self.nationality = nationality
        self.document = document
        self.evidence = evidence
    }
}
