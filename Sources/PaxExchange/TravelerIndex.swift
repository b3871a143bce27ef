import PaxMessages

/// Finds travellers for assistance queries: by document number (with type and issuing
/// state), or by upper-cased surname and date of birth. Entries point at a manifest by its
/// (submitter, id) and a traveller by position; a record stored again with other travellers
/// is re-indexed (`replace`), and every lookup checks the position against the record it finds.
struct TravelerIndex: Sendable {
    struct Location: Sendable, Hashable {
        var manifest: MessageKey
        var travelerIndex: Int
    }

    private var byDocument: [String: [Location]] = [:]
    private var byName: [String: [Location]] = [:]

    mutating func add(_ record: ManifestRecord) {
        for (position, traveler) in record.travelers.enumerated() {
            let location = Location(manifest: record.key, travelerIndex: position)
            for document in traveler.documents {
                byDocument[Self.documentKey(document.number, document.issuingState.rawValue), default: []].append(location)
            }
            byName[Self.nameKey(traveler.surname, traveler.dateOfBirth), default: []].append(location)
        }
    }

    /// Forgets every entry of `record` (as it was indexed).
    mutating func remove(_ record: ManifestRecord) {
        let key = record.key
        for traveler in record.travelers {
            for document in traveler.documents {
                Self.drop(key, at: Self.documentKey(document.number, document.issuingState.rawValue), from: &byDocument)
            }
            Self.drop(key, at: Self.nameKey(traveler.surname, traveler.dateOfBirth), from: &byName)
        }
    }

    /// Re-indexes a record whose travellers changed.
    mutating func replace(_ old: ManifestRecord, with new: ManifestRecord) {
        remove(old)
        add(new)
    }

    func matches(_ query: AssistanceQuery) -> [Location] {
        switch query {
        case .byDocument(let q): byDocument[Self.documentKey(q.documentNumber, q.issuingState.rawValue)] ?? []
        case .byNameAndBirthDate(let q): byName[Self.nameKey(q.surname, q.dateOfBirth)] ?? []
        }
    }

    private static func drop(_ manifest: MessageKey, at key: String, from table: inout [String: [Location]]) {
        guard var locations = table[key] else { return }
        locations.removeAll { $0.manifest == manifest }
        table[key] = locations.isEmpty ? nil : locations
    }

    static func documentKey(_ number: String, _ state: String) -> String { number.uppercased() + "|" + state }
    static func nameKey(_ surname: String, _ birth: CalendarDate) -> String { surname.uppercased() + "|" + birth.description }
}
