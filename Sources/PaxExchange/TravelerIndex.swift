import PaxMessages

/// Finds travellers for assistance queries: by document number (with type and issuing
/// state), or by upper-cased surname and date of birth.
struct TravelerIndex: Sendable {
    struct Location: Sendable, Hashable {
        var manifestId: String
        var travelerIndex: Int
    }

    private var byDocument: [String: [Location]] = [:]
    private var byName: [String: [Location]] = [:]

    mutating func add(_ record: ManifestRecord) {
        for (position, traveler) in record.travelers.enumerated() {
            let location = Location(manifestId: record.messageId, travelerIndex: position)
            for document in traveler.documents {
                byDocument[Self.documentKey(document.number, document.issuingState.rawValue), default: []].append(location)
            }
            byName[Self.nameKey(traveler.surname, traveler.dateOfBirth), default: []].append(location)
        }
    }

    func matches(_ query: AssistanceQuery) -> [Location] {
        switch query {
        case .byDocument(let q): byDocument[Self.documentKey(q.documentNumber, q.issuingState.rawValue)] ?? []
        case .byNameAndBirthDate(let q): byName[Self.nameKey(q.surname, q.dateOfBirth)] ?? []
        }
    }

    static func documentKey(_ number: String, _ state: String) -> String { number.uppercased() + "|" + state }
    static func nameKey(_ surname: String, _ birth: CalendarDate) -> String { surname.uppercased() + "|" + birth.description }
}
