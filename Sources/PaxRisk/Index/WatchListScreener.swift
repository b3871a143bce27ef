public import PaxBase
public import PaxMessages

/// Screens travellers against one watch list: finds candidate entries through the blocking
/// tables (never scanning the list), scores each candidate, and returns the matches at or
/// above a minimum score, best first.
///
/// Immutable once built and safe to share across threads; `matches(for:workers:)` screens a
/// batch on several cores and returns results in input order.
public final class WatchListScreener: Sendable {
    /// The list as loaded, for reporting entry details.
    public let watchList: WatchList
    let compiled: CompiledWatchList
    let scorer: MatchScorer

    /// Compiles `watchList`: normalises every name, weighs tokens by frequency and builds the
    /// indexes. `baseRate` is the share of screened travellers expected to be on the list: the
    /// prior of the calibrated score (1% in the evaluation sets; lower it to make every score
    /// more conservative).
    public init(watchList: WatchList, baseRate: Double = 0.01) {
        self.watchList = watchList
        compiled = CompiledWatchList(watchList)
        scorer = MatchScorer(entries: watchList.entries.count, baseRate: min(max(baseRate, 1e-9), 0.5))
    }

    /// The entries a traveller matches with a score of at least `minimumScore`, best first
    /// (ties in list order).
    public func matches(for traveler: Traveler, minimumScore: Double) -> [WatchListMatch] {
        var scratch = Scratch()
        return matches(for: TravelerProbe(traveler), minimumScore: minimumScore, scratch: &scratch)
    }

    /// `matches(for:minimumScore:)` for many travellers, spread over `workers` threads; the
    /// result has one element per traveller, in order.
    public func matches(for travelers: [Traveler], minimumScore: Double,
                        workers: Int = ParallelWork.defaultWorkers) -> [[WatchListMatch]] {
        ParallelWork.map(travelers, workers: workers, makeState: { Scratch() }) { traveler, scratch in
            self.matches(for: TravelerProbe(traveler), minimumScore: minimumScore, scratch: &scratch)
        }
    }

    func matches(for probe: TravelerProbe, minimumScore: Double, scratch: inout Scratch) -> [WatchListMatch] {
        let floor = scorer.evidence(forScore: minimumScore)
        collectCandidates(probe, &scratch, floor: floor)
        scratch.counts.travelers += 1
        scratch.counts.candidates += scratch.names.count + scratch.entries.count
        if scratch.names.isEmpty && scratch.entries.isEmpty { return [] }
        let statistics = compiled.statistics
        let packedNationality = PackedEntry.pack(probe.nationality)
        let travelerNationality = statistics.nationality(probe.nationality, packed: packedNationality)
        scratch.travelerTokenIds.removeAll(keepingCapacity: true)
        scratch.travelerWeights.removeAll(keepingCapacity: true)
        for (token, key) in zip(probe.name.tokens, probe.name.keys) {
            let tokenId = statistics.tokenIdMap[BlockingKey.tokenHash(token)]
            scratch.travelerTokenIds.append(tokenId)
            if let tokenId {
                scratch.travelerWeights.append(statistics.tokenWeight(tokenId, nationality: travelerNationality))
            } else if let keyId = statistics.keyIdMap[key] {
                scratch.travelerWeights.append(statistics.keyWeight(keyId, nationality: travelerNationality))
            } else {
                scratch.travelerWeights.append(.infinity)
            }
        }
        let context = ScoringContext(probe: probe, floor: floor, minimumScore: minimumScore,
                                     nationality: travelerNationality,
                                     packedNationality: packedNationality,
                                     birthDays: probe.dateOfBirth.daysSince1970,
                                     travelerTokenIds: scratch.travelerTokenIds, travelerWeights: scratch.travelerWeights,
                                     travelerMaximum: scratch.travelerWeights.max() ?? 0)
        var results: [WatchListMatch] = []
        // Names of one entry are consecutive ids, so candidates of an entry are adjacent.
        var index = 0
        let names = scratch.names
        while index < names.count {
            let entryIndex = compiled.summaries[Candidate.id(names[index])].entry
            var fixed: FixedEvidence?
            var best: WatchListMatch?
            while index < names.count, case let summary = compiled.summaries[Candidate.id(names[index])], summary.entry == entryIndex {
                let nameId = Candidate.id(names[index])
                index += 1
                // Cheap test on the name's summary before touching the entry or the name.
                if Candidate.bound(names[index - 1]) + nameBound(context, summary) < floor { continue }
                let evidence = fixed ?? fixedEvidence(context, entryIndex)
                fixed = evidence
                if let match = score(context, evidence, entryIndex: entryIndex, nameId: nameId, scratch: &scratch),
                   match.score > best?.score ?? -1 {
                    best = match
                }
            }
            if let best, best.score >= minimumScore { results.append(best) }
        }
        // Entries reached only through a document number: score each of their names.
        for entry in scratch.entries {
            let entryIndex = Int(entry)
            if results.contains(where: { $0.entryIndex == entryIndex }) { continue }
            let packed = compiled.entries[entryIndex]
            let fixed = fixedEvidence(context, entryIndex)
            var best: WatchListMatch?
            for nameId in Int(packed.firstName)..<Int(packed.firstName + packed.nameCount) {
                if let match = score(context, fixed, entryIndex: entryIndex, nameId: nameId, scratch: &scratch),
                   match.score > best?.score ?? -1 {
                    best = match
                }
            }
            if let best, best.score >= minimumScore { results.append(best) }
        }
        results.sort { $0.score != $1.score ? $0.score > $1.score : $0.entryIndex < $1.entryIndex }
        return results
    }

    /// The most evidence a listed name can add for this traveller: its tokens' (static) weights,
    /// where a token the traveller lacks exactly earns at most the traveller's strongest weight,
    /// and all but the strongest count as dependent.
    @inline(__always)
    private func nameBound(_ context: ScoringContext, _ summary: NameSummary) -> Double {
        let count = summary.count
        if count == NameSummary.unprunable { return .infinity }
        var strongest = 0.0, total = 0.0
        for index in 0..<Int(count) {
            let w = summary.weight(index)
            let possible = context.travelerTokenIds.contains(summary.tokenId(index)) ? w : min(w, context.travelerMaximum)
            strongest = max(strongest, possible)
            total += possible
        }
        return strongest + (total - strongest) * MatchScorer.dependentTokenShare
    }

    /// The blocking tables a traveller is looked up in.
    private enum Probe { case dated, undated, year }

    /// What scoring one traveller needs, computed once.
    struct ScoringContext {
        var probe: TravelerProbe
        /// The evidence a match needs to reach `minimumScore`.
        var floor: Double
        var minimumScore: Double
        /// The traveller's nationality index in the token statistics, if the list has it.
        var nationality: Int?
        var packedNationality: UInt32
        var birthDays: Int
        /// Each traveller token's id on the list, if it is listed, and its weight.
        var travelerTokenIds: [UInt32?]
        var travelerWeights: [Double]
        /// The traveller's largest token weight.
        var travelerMaximum: Double
    }

    /// The evidence of everything but the name, for one entry.
    struct FixedEvidence {
        var birth: BirthDateAgreement
        var nationality: NationalityAgreement
        var document: DocumentAgreement
        var evidence: Double
    }

    private func fixedEvidence(_ context: ScoringContext, _ entryIndex: Int) -> FixedEvidence {
        let entry = compiled.entries[entryIndex]
        let (birth, birthEvidence) = entry.birth(context.probe.dateOfBirth, days: context.birthDays)
        var nationality = NationalityAgreement.unknown
        var evidence = birthEvidence
        if entry.nationalityCount > 0 {
            let start = Int(entry.nationalityStart)
            let codes = compiled.nationalityCodes[start..<(start + Int(entry.nationalityCount))]
            nationality = codes.contains(context.packedNationality) ? .agree : .disagree
            evidence += nationality == .agree ? MatchScorer.nationalityAgreement : MatchScorer.nationalityDisagreement
        }
        var document = DocumentAgreement.none
        if entry.documentCount > 0 && !context.probe.documents.isEmpty {
            let start = Int(entry.documentStart)
            for listed in start..<(start + Int(entry.documentCount)) {
                for presented in context.probe.documents {
                    let agreement = DocumentAgreement.compare(presented, compiled.documents[listed])
                    if agreement == .exact { document = .exact } else if agreement == .near && document == .none { document = .near }
                }
            }
            evidence += MatchScorer.documentEvidence(document)
        }
        return FixedEvidence(birth: birth, nationality: nationality, document: document, evidence: evidence)
    }

    /// The match of one traveller with one name of an entry, or nil when even a perfect name
    /// could not lift the score to the floor.
    private func score(_ context: ScoringContext, _ fixed: FixedEvidence, entryIndex: Int, nameId: Int,
                       scratch: inout Scratch) -> WatchListMatch? {
        let documentHit = fixed.document == .exact && MatchScorer.documentHitScore >= context.minimumScore
        // The name can add at most the weights of all its tokens.
        if fixed.evidence + compiled.nameMaximum[nameId] < context.floor && !documentHit { return nil }
        let nationality = compiled.entries[entryIndex].statisticsNationality ?? context.nationality
        guard let name = compareName(context, fixed, compiled.names[nameId], nationality: nationality,
                                     documentHit: documentHit, scratch: &scratch) else { return nil }
        let evidence = fixed.evidence + name.evidence
        var score = scorer.score(evidence: evidence)
        if fixed.document == .exact {
            // A listed document presented is a hit whoever carries it (lost or stolen, or lent).
            score = max(score, MatchScorer.documentHitScore)
        }
        if score < context.minimumScore { return nil }
        var fields: [String] = []
        if name.surnameMatched { fields.append("Surname") }
        if name.givenMatched { fields.append("GivenNames") }
        if fixed.birth.isAgreement { fields.append("DateOfBirth") }
        if fixed.nationality == .agree { fields.append("Nationality") }
        if fixed.document != .none { fields.append("DocumentNumber") }
        let features = MatchFeatures(
            nameSimilarity: name.similarity, weakestTokenSimilarity: name.weakest, unmatchedTokens: name.unmatched,
            phoneticAgreement: name.phoneticShare, swappedNameOrder: name.swapped,
            nameIndex: nameId - Int(compiled.entries[entryIndex].firstName), birthDate: fixed.birth,
            nationality: fixed.nationality, document: fixed.document, evidence: evidence)
        return WatchListMatch(entryId: watchList.entries[entryIndex].id, entryIndex: entryIndex,
                              score: score, matchedFields: fields, features: features)
    }

    /// Weighs and compares a listed name (borrowed, not copied) with the traveller's, unless a
    /// tighter bound from the actual weights shows it cannot reach the floor.
    private func compareName(_ context: ScoringContext, _ fixed: FixedEvidence, _ listed: NameTokens,
                             nationality: Int?, documentHit: Bool, scratch: inout Scratch) -> NameComparison? {
        let statistics = compiled.statistics
        let n = listed.tokens.count
        // The weight buffers are reused from traveller to traveller (no allocation).
        var weights = NameWeights(entryTokens: scratch.entryWeights, entryKeys: scratch.entryKeyWeights,
                                  travelerTokens: context.travelerWeights)
        scratch.entryWeights = []
        scratch.entryKeyWeights = []
        defer {
            scratch.entryWeights = weights.entryTokens
            scratch.entryKeyWeights = weights.entryKeys
        }
        weights.entryTokens.removeAll(keepingCapacity: true)
        weights.entryKeys.removeAll(keepingCapacity: true)
        // A listed token the traveller does not have exactly earns at most what the
        // traveller's own commonest token allows.
        var strongest = 0.0, total = 0.0
        for j in 0..<n {
            let w = listed.weights.isEmpty ? statistics.tokenWeight(listed.tokenIds[j], nationality: nationality) : listed.weights[j]
            weights.entryTokens.append(w)
            let possible = context.travelerTokenIds.contains(listed.tokenIds[j]) ? w : min(w, context.travelerMaximum)
            strongest = max(strongest, possible)
            total += possible
        }
        let bound = strongest + (total - strongest) * MatchScorer.dependentTokenShare
        if fixed.evidence + bound < context.floor && !documentHit { return nil }
        for j in 0..<n {
            weights.entryKeys.append(listed.keyWeights.isEmpty ? statistics.keyWeight(listed.keyIds[j], nationality: nationality)
                                                                  : listed.keyWeights[j])
        }
        scratch.counts.comparisons += 1
        return NameAlignment.compare(context.probe.name, listed, weights: weights)
    }

    /// Fills `scratch.entries` (entry ids found by document number) and `scratch.names`
    /// (sorted, unique candidate names that could reach `floor` evidence) for a traveller.
    private func collectCandidates(_ probe: TravelerProbe, _ scratch: inout Scratch, floor: Double) {
        scratch.names.removeAll(keepingCapacity: true)
        scratch.entries.removeAll(keepingCapacity: true)
        scratch.keys.removeAll(keepingCapacity: true)
        for number in probe.documents where !number.isEmpty {
            compiled.documentTable.forEach(BlockingKey.document(number)) { entry, _ in
                if !scratch.entries.contains(entry) { scratch.entries.append(entry) }
            }
        }
        scratch.entries.sort()
        // A name stays a candidate only if the bounds in its tag could reach the floor, or its
        // entry was found by document number.
        let nationalityHash = CandidateFilter.nationalityHash(probe.nationality)
        let documentEntries = scratch.entries.isEmpty ? nil : Set(scratch.entries)
        let date = probe.dateOfBirth
        for key in probe.name.keys where key != 0 && !scratch.keys.contains(key) { scratch.keys.append(key) }
        let keys = scratch.keys
        let year = date.year
        func consider(_ id: UInt32, _ tag: UInt64) {
            let fixed = CandidateFilter.birthBound(tag, year: year, month: date.month, day: date.day)
                + CandidateFilter.nationalityBound(tag, hash: nationalityHash)
            if fixed + CandidateFilter.nameMaximum(tag) >= floor {
                scratch.names.append(Candidate.pack(id, bound: fixed))
            } else if let documentEntries, documentEntries.contains(compiled.nameEntry[Int(id)]) {
                scratch.names.append(Candidate.pack(id, unboundedWith: ()))
            }
        }
        let decade = BlockingKey.decade(year)
        scratch.nameKeys.removeAll(keepingCapacity: true)
        scratch.undatedKeys.removeAll(keepingCapacity: true)
        scratch.yearKeys.removeAll(keepingCapacity: true)
        for a in 0..<keys.count {
            for b in (a + 1)..<keys.count {
                scratch.nameKeys.append(BlockingKey.pair(keys[a], keys[b], decade: decade))
                scratch.undatedKeys.append(BlockingKey.pair(keys[a], keys[b], decade: nil))
            }
            scratch.nameKeys.append(BlockingKey.tokenDate(keys[a], date))
            scratch.undatedKeys.append(BlockingKey.loneToken(keys[a]))
            scratch.yearKeys.append(BlockingKey.tokenYear(keys[a], year))
        }
        // The surname written together (see `BlockingKey`), with each given-name key.
        let written = probe.name.writtenSurnameKey
        if written != 0 && !keys.contains(written) {
            var given = 0
            for key in probe.name.keys[probe.name.surnameCount...] where key != 0 && key != written {
                given += 1
                scratch.nameKeys.append(BlockingKey.pair(written, key, decade: decade))
                scratch.undatedKeys.append(BlockingKey.pair(written, key, decade: nil))
            }
            scratch.nameKeys.append(BlockingKey.tokenDate(written, date))
            scratch.yearKeys.append(BlockingKey.tokenYear(written, year))
            if given == 0 { scratch.undatedKeys.append(BlockingKey.loneToken(written)) }
        }
        var ranges = scratch.ranges
        for table in [Probe.dated, .undated, .year] {
            ranges.removeAll(keepingCapacity: true)
            switch table {
            case .dated: compiled.nameTable.ranges(of: scratch.nameKeys, into: &ranges)
            case .undated: compiled.undatedTable.ranges(of: scratch.undatedKeys, into: &ranges)
            case .year: compiled.yearTable.ranges(of: scratch.yearKeys, into: &ranges)
            }
            let postings = table == .dated ? compiled.nameTable : table == .undated ? compiled.undatedTable : compiled.yearTable
            for range in ranges { scratch.counts.postings += range.count }
            postings.forEach(in: ranges, consider)
        }
        scratch.ranges = ranges
        if scratch.names.count > 1 {
            scratch.names.sort()
            var write = 1
            for read in 1..<scratch.names.count where Candidate.id(scratch.names[read]) != Candidate.id(scratch.names[write - 1]) {
                scratch.names[write] = scratch.names[read]
                write += 1
            }
            scratch.names.removeLast(scratch.names.count - write)
        }
    }
}
