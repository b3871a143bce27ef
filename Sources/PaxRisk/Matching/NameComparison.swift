/// How two names compare token by token after the best alignment of their tokens.
struct NameComparison: Sendable {
    /// Length-weighted mean similarity of the aligned token pairs, 0...1.
    var similarity: Double
    /// Similarity of the weakest aligned pair.
    var weakest: Double
    /// Tokens left without a partner, on either side (a missing middle name is one).
    var unmatched: Int
    /// Aligned pairs, i.e. the smaller token count.
    var aligned: Int
    /// Share of aligned pairs whose phonetic keys agree.
    var phoneticShare: Double
    /// Whether a traveller surname token aligned with a given-name token of the entry (or the
    /// reverse): the names were written in swapped order.
    var swapped: Bool
    /// Whether some traveller surname token / given-name token found a good partner (≥ 0.85).
    var surnameMatched: Bool
    var givenMatched: Bool
    /// Log-likelihood evidence of the names (see `MatchScorer`).
    var evidence: Double

    static let none = NameComparison(similarity: 0, weakest: 0, unmatched: 0, aligned: 0, phoneticShare: 0,
                                      swapped: false, surnameMatched: false, givenMatched: false, evidence: -20)
}

/// Token-wise Jaro-Winkler with the best token alignment.
///
/// Every traveller token is compared with every entry token by Jaro-Winkler; tokens with the
/// same phonetic key (at least two codes, or known romanisations of one surname) count as at
/// least 0.9 similar for the alignment, which catches romanisation variants Jaro-Winkler scores
/// low (`mhmd`/`mohammed`, `guo`/`kwok`). Pairs are then taken greedily from the most similar
/// down, each token used once: optimal for the small, usually diagonal-dominant matrices of
/// names, at O(m·n) per step instead of an assignment solver.
enum NameAlignment {
    /// Phonetically equal tokens count as at least this similar when aligning.
    static let phoneticFloor = 0.9

    /// How alike a listed surname and the other side's part must be, each run together, for
    /// the names to be read as one name separated differently (one typo in ten letters).
    static let joinedSurnameAgreement = 0.95

    /// Whether two tokens agree phonetically: the same (non-empty) key, or known romanisations
    /// of one surname (`RomanisationVariants`). How much that is worth depends on how many
    /// names share the key (`TokenStatistics.keyWeight`).
    @inline(__always)
    static func phoneticallyEqual(_ traveler: NameTokens, _ i: Int, _ entry: NameTokens, _ j: Int) -> Bool {
        (traveler.keys[i] == entry.keys[j] && entry.keys[j] != 0) || traveler.variantClasses[i] & entry.variantClasses[j] != 0
    }

    /// Jaro-Winkler of two tokens, also trying each without an Arabic article run into it
    /// (`alkuwari` against `kuwari`).
    @inline(__always)
    static func similarity(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        var best = JaroWinkler.similarity(a, b)
        if best < 1, let strippedA = withoutArticle(a) { best = max(best, JaroWinkler.similarity(strippedA, b)) }
        if best < 1, let strippedB = withoutArticle(b) { best = max(best, JaroWinkler.similarity(a, strippedB)) }
        return best
    }

    /// The token after a leading `al`/`el`, for tokens of at least seven letters.
    @inline(__always)
    static func withoutArticle(_ t: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard t.count >= 7, t[1] == UInt8(ascii: "l"), t[0] == UInt8(ascii: "a") || t[0] == UInt8(ascii: "e") else { return nil }
        return UnsafeBufferPointer(rebasing: t[2...])
    }

    /// Compares a traveller's name with a listed name, weighing agreements by `weights`.
    static func compare(_ traveler: NameTokens, _ entry: NameTokens, weights: NameWeights) -> NameComparison {
        let m = traveler.tokens.count, n = entry.tokens.count
        guard m > 0, n > 0 else { return .none }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: m * n) { matrix in
            var phoneticCells: UInt64 = 0
            for i in 0..<m {
                traveler.tokens[i].withUnsafeBufferPointer { a in
                    for j in 0..<n {
                        matrix[i * n + j] = entry.tokens[j].withUnsafeBufferPointer { b in similarity(a, b) }
                        if phoneticallyEqual(traveler, i, entry, j) { phoneticCells |= 1 << UInt64(i * n + j) }
                    }
                }
            }
            var usedRows: UInt16 = 0, usedColumns: UInt16 = 0
            var weightedSum = 0.0, weightSum = 0.0, weakest = 1.0
            var phonetic = 0
            var swapped = false, surnameMatched = false, givenMatched = false, entrySurnameFound = false
            var evidence = 0.0, strongest = -Double.infinity, positives = 0.0
            let pairs = min(m, n)
            for _ in 0..<pairs {
                var best = -1.0, bi = 0, bj = 0
                for i in 0..<m where usedRows & (1 << i) == 0 {
                    for j in 0..<n where usedColumns & (1 << j) == 0 {
                        var s = matrix[i * n + j]
                        if phoneticCells & (1 << UInt64(i * n + j)) != 0 { s = max(s, phoneticFloor) }
                        if s > best { best = s; bi = i; bj = j }
                    }
                }
                usedRows |= 1 << bi
                usedColumns |= 1 << bj
                let isPhonetic = phoneticCells & (1 << UInt64(bi * n + bj)) != 0
                let length = Double(max(traveler.tokens[bi].count, entry.tokens[bj].count))
                weightedSum += best * length
                weightSum += length
                weakest = min(weakest, best)
                if isPhonetic { phonetic += 1 }
                let e = MatchScorer.pairEvidence(similarity: matrix[bi * n + bj], phonetic: isPhonetic,
                                                 weight: weights.pair(bi, bj, identical: traveler.tokens[bi] == entry.tokens[bj]),
                                                 keyWeight: weights.entryKeys[bj])
                // Agreeing tokens are not independent: the strongest counts in full.
                if e > 0 {
                    positives += e
                    strongest = max(strongest, e)
                } else {
                    evidence += e
                }
                let travelerSurname = bi < traveler.surnameCount
                let entrySurname = bj < entry.surnameCount
                if best >= 0.85 {
                    if entrySurname { entrySurnameFound = true }
                    if travelerSurname != entrySurname { swapped = true }
                    if travelerSurname { surnameMatched = true } else { givenMatched = true }
                }
            }
            if positives > 0 { evidence += strongest + (positives - strongest) * MatchScorer.dependentTokenShare }
            evidence += MatchScorer.unmatchedToken * Double(m + n - 2 * pairs)
            if entry.surnameCount > 0 && !entrySurnameFound { evidence += MatchScorer.missingSurname }
            // Parts joined, split or hyphenated differently (`ABDEL RAHMAN` / `ABDELRAHMAN`,
            // `DE LA CRUZ` / `DELACRUZ`) leave token counts, particles or word counts unequal.
            // (Particles dropped alike on both sides leave the same tokens: nothing to rejoin.)
            if m != n || traveler.surnameParts != entry.surnameParts
                || ((traveler.particlesRemoved || entry.particlesRemoved) && traveler.surnameJoined != entry.surnameJoined) {
                evidence = max(evidence, joinedEvidence(traveler, entry, weights: weights))
            }
            return NameComparison(similarity: weightSum > 0 ? weightedSum / weightSum : 0, weakest: weakest,
                                  unmatched: m + n - 2 * pairs, aligned: pairs,
                                  phoneticShare: Double(phonetic) / Double(pairs), swapped: swapped,
                                  surnameMatched: surnameMatched, givenMatched: givenMatched,
                                  evidence: evidence)
        }
    }

    /// Evidence from comparing each name part run together, straight or swapped: for names one
    /// side splits, hyphenates or joins differently (`ABDEL RAHMAN` / `ABDELRAHMAN`,
    /// `MAC DONALD` / `MACDONALD`, `DE LA CRUZ` / `DELACRUZ`). A part weighs what its
    /// listed tokens weigh, or what the traveller's weigh when those are commoner (see
    /// `NameWeights.pair`).
    static func joinedEvidence(_ traveler: NameTokens, _ entry: NameTokens, weights: NameWeights) -> Double {
        func partWeight(_ values: ArraySlice<Double>) -> Double {
            guard let strongest = values.max() else { return 0 }
            return strongest + (values.reduce(0, +) - strongest) * MatchScorer.dependentTokenShare
        }
        let entrySurname = partWeight(weights.entryTokens.prefix(entry.surnameCount))
        let entryGiven = partWeight(weights.entryTokens.dropFirst(entry.surnameCount))
        let travelerSurname = partWeight(weights.travelerTokens.prefix(traveler.surnameCount))
        let travelerGiven = partWeight(weights.travelerTokens.dropFirst(traveler.surnameCount))
        // With particles dropped on either side, the parts are also compared as written, particles
        // run in (`delacruz` against `delacruz`, where the tokens give `cruz` against `delacruz`).
        let particles = traveler.particlesRemoved || entry.particlesRemoved
        func similarity(_ a: [UInt8], _ b: [UInt8], _ writtenA: [UInt8], _ writtenB: [UInt8]) -> Double {
            var similarity = JaroWinkler.similarity(a, b)
            if particles && similarity < 1 { similarity = max(similarity, JaroWinkler.similarity(writtenA, writtenB)) }
            return similarity
        }
        /// A part earns what its similarity earns, except a given-name part of as many names on
        /// each side: no middle name is missing, so a merely similar run (`khalidfahad`/
        /// `khaledsaid`, another person) earns at most nothing unless near-identical.
        func part(_ a: [UInt8], _ b: [UInt8], _ writtenA: [UInt8], _ writtenB: [UInt8], weight: Double,
                  sameNameCount: Bool = false) -> Double {
            if a.isEmpty && b.isEmpty { return 0 }
            if a.isEmpty || b.isEmpty { return MatchScorer.unmatchedToken }
            let s = similarity(a, b, writtenA, writtenB)
            let e = MatchScorer.pairEvidence(similarity: s, phonetic: false, weight: weight, keyWeight: 0)
            return sameNameCount && s < joinedSurnameAgreement ? min(e, 0) : e
        }
        let travelerGivenCount = traveler.tokens.count - traveler.surnameCount
        let entryGivenCount = entry.tokens.count - entry.surnameCount
        /// This reading explains names separated differently only when the listed surname, run
        /// together, is the other side's part run together but for a typo, or spelled alike
        /// (same phonetic key: `abdalaziz`/`abdelaziz`): a long joined string shares a prefix
        /// with many others (`delarosa`/`delacruz` 0.85, `garciaperez`/`garcialopez` 0.93),
        /// which must not stand in for the surname.
        func surnameAgrees(_ a: [UInt8], _ writtenA: [UInt8]) -> Bool {
            guard !a.isEmpty, !entry.surnameJoined.isEmpty else { return false }
            if similarity(a, entry.surnameJoined, writtenA, entry.surnameWritten) >= joinedSurnameAgreement { return true }
            let key = PhoneticKey(bytes: entry.surnameWritten).rawValue
            return key != 0 && (PhoneticKey(bytes: writtenA).rawValue == key || PhoneticKey(bytes: a).rawValue == key)
        }
        var best = -Double.infinity
        if surnameAgrees(traveler.surnameJoined, traveler.surnameWritten) {
            best = part(traveler.surnameJoined, entry.surnameJoined, traveler.surnameWritten, entry.surnameWritten,
                        weight: min(entrySurname, travelerSurname))
                + part(traveler.givenJoined, entry.givenJoined, traveler.givenWritten, entry.givenWritten,
                       weight: min(entryGiven, travelerGiven), sameNameCount: travelerGivenCount == entryGivenCount)
        }
        if surnameAgrees(traveler.givenJoined, traveler.givenWritten) {
            best = max(best, part(traveler.givenJoined, entry.surnameJoined, traveler.givenWritten, entry.surnameWritten,
                                  weight: min(entrySurname, travelerGiven))
                + part(traveler.surnameJoined, entry.givenJoined, traveler.surnameWritten, entry.givenWritten,
                       weight: min(entryGiven, travelerSurname), sameNameCount: traveler.surnameCount == entryGivenCount))
        }
        return best
    }
}
