import PaxMessages

/// A watch list compiled for screening: every name normalised and keyed, token statistics
/// counted, entries packed, and the blocking tables built.
final class CompiledWatchList: Sendable {
    let entries: [PackedEntry]
    /// Every entry's nationalities, packed (`PackedEntry.pack`), entry after entry.
    let nationalityCodes: [UInt32]
    /// Every entry's normalised document numbers, entry after entry.
    let documents: [[UInt8]]
    /// Every name of every entry, entry by entry.
    let names: [NameTokens]
    /// The entry each name belongs to.
    let nameEntry: [UInt32]
    /// Name ids by token pair and birth decade, and by token and birth date.
    let nameTable: PostingTable
    /// Name ids of entries without a usable birth date by token pair, and of one-token names
    /// by their token: a small table, mostly in cache, probed for every traveller.
    let undatedTable: PostingTable
    /// Name ids by token-year keys (year-only and range entries), common buckets dropped.
    let yearTable: PostingTable
    /// Entry ids by document key.
    let documentTable: PostingTable
    let statistics: TokenStatistics
    /// Per name: the most evidence its tokens can add for a traveller of any nationality.
    let nameMaximum: [Double]
    /// Per name, in one 64-byte record: its entry, its token ids and each token's largest
    /// possible weight (see `NameSummary`), so that pruning a candidate reads one cache line.
    let summaries: [NameSummary]

    init(_ list: WatchList) {
        var entries: [PackedEntry] = []
        var nationalityCodes: [UInt32] = []
        var documents: [[UInt8]] = []
        var names: [NameTokens] = []
        var nameEntry: [UInt32] = []
        var namePostings: [(key: UInt64, id: UInt32)] = []
        var undatedPostings: [(key: UInt64, id: UInt32)] = []
        var yearPostings: [(key: UInt64, id: UInt32)] = []
        var documentPostings: [(key: UInt64, id: UInt32)] = []
        entries.reserveCapacity(list.entries.count)
        for (entryIndex, entry) in list.entries.enumerated() {
            var packed = PackedEntry(birthDate: entry.birthDate)
            // Each entry is filed under every value a matching traveller could probe with
            // (years one either side, the day/month swap), so a traveller probes only their own.
            let years = Self.filedYears(entry.birthDate)
            let nearYears = Array(Set(years.flatMap { [$0 - 1, $0, $0 + 1] })).sorted()
            let decades = years.isEmpty ? [nil] : Array(Set(nearYears.map(BlockingKey.decade))).sorted().map(Optional.some)
            var dates: [CalendarDate] = []
            if case .exact(let date) = entry.birthDate { dates = BlockingKey.probeDates(date) }
            packed.firstName = UInt32(names.count)
            for name in entry.names where names.count < Int(PostingTable.maximumId) {
                let tokens = NameTokens(surname: name.surname, givenNames: name.givenNames)
                let id = UInt32(names.count)
                names.append(tokens)
                nameEntry.append(UInt32(entryIndex))
                let keys = Array(Set(tokens.keys.filter { $0 != 0 })).sorted()
                for a in 0..<keys.count {
                    for b in (a + 1)..<keys.count {
                        for decade in decades {
                            let key = BlockingKey.pair(keys[a], keys[b], decade: decade)
                            if decade == nil { undatedPostings.append((key, id)) } else { namePostings.append((key, id)) }
                        }
                    }
                    if dates.isEmpty {
                        for year in nearYears { yearPostings.append((BlockingKey.tokenYear(keys[a], year), id)) }
                    } else {
                        for date in dates { namePostings.append((BlockingKey.tokenDate(keys[a], date), id)) }
                    }
                    if keys.count == 1 { undatedPostings.append((BlockingKey.loneToken(keys[a]), id)) }
                }
                // The surname written together, so whoever writes it apart or together finds it.
                let written = tokens.writtenSurnameKey
                if written != 0 && !keys.contains(written) {
                    let given = BlockingKey.givenKeys(tokens, excluding: written)
                    for key in given {
                        for decade in decades {
                            let pair = BlockingKey.pair(written, key, decade: decade)
                            if decade == nil { undatedPostings.append((pair, id)) } else { namePostings.append((pair, id)) }
                        }
                    }
                    if dates.isEmpty {
                        for year in nearYears { yearPostings.append((BlockingKey.tokenYear(written, year), id)) }
                    } else {
                        for date in dates { namePostings.append((BlockingKey.tokenDate(written, date), id)) }
                    }
                    if given.isEmpty { undatedPostings.append((BlockingKey.loneToken(written), id)) }
                }
            }
            packed.nameCount = UInt32(names.count) - packed.firstName
            packed.nationalityStart = UInt32(nationalityCodes.count)
            packed.nationalityCount = UInt8(min(entry.nationalities.count, 255))
            nationalityCodes += entry.nationalities.prefix(255).map(PackedEntry.pack)
            packed.documentStart = UInt32(documents.count)
            packed.documentCount = UInt8(min(entry.documents.count, 255))
            for document in entry.documents.prefix(255) {
                let number = DocumentAgreement.normalize(document.number)
                documents.append(number)
                documentPostings.append((BlockingKey.document(number), UInt32(entryIndex)))
            }
            entries.append(packed)
        }
        // Token and key frequencies, entry by entry, overall and by (first) nationality.
        var builder = TokenStatistics.Builder()
        for (index, entry) in entries.enumerated() {
            var tokenIds = Set<UInt32>(), keyIds = Set<UInt32>()
            for nameId in Int(entry.firstName)..<Int(entry.firstName + entry.nameCount) {
                names[nameId] = names[nameId].identified(tokenIds: names[nameId].tokens.map { builder.tokenId($0) },
                                                         keyIds: names[nameId].keys.map { builder.keyId($0) })
                tokenIds.formUnion(names[nameId].tokenIds)
                keyIds.formUnion(names[nameId].keyIds)
            }
            builder.add(tokens: tokenIds, keys: keyIds, nationality: list.entries[index].nationalities.first)
        }
        let statistics = builder.build()
        for index in entries.indices {
            if let nationality = list.entries[index].nationalities.first, let statisticsIndex = statistics.nationalityIndex[nationality] {
                entries[index].nationalityIndex = Int32(statisticsIndex)
            }
        }
        self.statistics = statistics
        // Static weights for entries with a nationality; for the others, the most any
        // traveller can give a token: a nationality of the largest size that never uses it.
        let largest = statistics.nationalityEntries.indices.max { statistics.nationalityEntries[$0] < statistics.nationalityEntries[$1] }
        var maximumByName: [Double] = []
        maximumByName.reserveCapacity(names.count)
        var summaries: [NameSummary] = []
        summaries.reserveCapacity(names.count)
        for nameId in names.indices {
            let largestWeights: [Double]
            if let nationality = entries[Int(nameEntry[nameId])].statisticsNationality {
                names[nameId] = names[nameId].weighted(names[nameId].tokenIds.map { statistics.tokenWeight($0, nationality: nationality) },
                                                       keyWeights: names[nameId].keyIds.map { statistics.keyWeight($0, nationality: nationality) })
                largestWeights = names[nameId].weights
            } else {
                largestWeights = names[nameId].tokenIds.map { statistics.unseenWeight($0, nationality: largest) }
            }
            maximumByName.append(largestWeights.reduce(0, +))
            summaries.append(NameSummary(entry: nameEntry[nameId], tokenIds: names[nameId].tokenIds, weights: largestWeights))
        }
        self.summaries = summaries
        nameMaximum = maximumByName
        self.entries = entries
        self.nationalityCodes = nationalityCodes
        self.documents = documents
        self.names = names
        self.nameEntry = nameEntry
        let tags = names.indices.map { nameId in
            let entry = list.entries[Int(nameEntry[nameId])]
            return CandidateFilter.tag(birthDate: entry.birthDate, nameMaximum: maximumByName[nameId], nationalities: entry.nationalities)
        }
        nameTable = PostingTable(namePostings, tag: { tags[Int($0)] })
        undatedTable = PostingTable(undatedPostings, tag: { tags[Int($0)] })
        yearTable = PostingTable(yearPostings, maximumPostings: BlockingKey.maximumYearBucket, tag: { tags[Int($0)] })
        documentTable = PostingTable(documentPostings)
    }

    /// The birth years an entry is filed under (none for an unknown date or a wide range).
    private static func filedYears(_ birthDate: WatchListBirthDate?) -> [Int] {
        switch birthDate {
        case .exact(let date): [date.year]
        case .year(let year): [year]
        case .range(let from, let to): to.year - from.year <= BlockingKey.maximumRangeYears ? Array(from.year...to.year) : []
        case nil: []
        }
    }
}
