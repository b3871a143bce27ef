import PaxMessages

/// The parts of a traveller that screening compares, prepared once per traveller.
struct TravelerProbe: Sendable {
    var name: NameTokens
    var dateOfBirth: CalendarDate
    var nationality: CountryCode
    /// Normalised document numbers.
    var documents: [[UInt8]]

    init(_ traveler: Traveler) {
        name = NameTokens(surname: traveler.surname, givenNames: traveler.givenNames)
        dateOfBirth = traveler.dateOfBirth
        nationality = traveler.nationality
        documents = traveler.documents.map { DocumentAgreement.normalize($0.number) }
    }
}
