import PaxMessages

/// One traveller as the factories decide it, before any text is made: every random draw is
/// done, but names are still parts, numbers still numbers and the MRZ not yet composed.
///
/// Two renderings, which must agree: `generated(in:)` makes the model value (`Traveler`,
/// for the library API and the JSON writer) and `appendXML(in:depth:to:)` writes the
/// `<Traveler>` element straight into bytes, exactly as `TravelerXML` writes that model
/// value, without building its strings and arrays (the XML streamer's million travellers).
struct TravelerDraft: Sendable {
    /// Position in the list, from 0: the reference, the bag tags.
    var index: Int
    var kind: TravelerKind
    /// Name, sex, MRZ sex, birth date and nationality, as the documents give them.
    var holder: DocumentIssuer.Holder
    var residence: CountryCode
    var placeOfBirth: String?
    var address: Address?
    var embarkation: String
    var debarkation: String
    var verified: Bool
    var seat: String?
    /// Checked bags, tagged `context.bagTag(traveler: index, bag: 0..<n)`; nil for no `<Bags>`.
    var bagCount: Int?
    var recordLocator: String?
    /// The main travel document, and a visa, residence card or crew document beside it.
    var document: DocumentDraft
    var secondDocument: DocumentDraft?

    /// The model value, with the name parts (for watch-list plants).
    func generated(in context: PassengerListContext) -> GeneratedTraveler {
        var documents = [document.document(for: holder)]
        if let secondDocument { documents.append(secondDocument.document(for: holder)) }
        let bags = bagCount.map { count in Baggage(tags: (0..<count).map { context.bagTag(traveler: index, bag: $0) }) }
        let traveler = Traveler(
            reference: context.reference(index), kind: kind, surname: holder.name.surname, givenNames: holder.name.given,
            gender: holder.sex, dateOfBirth: holder.birth, nationality: holder.nationality, countryOfResidence: residence,
            placeOfBirth: placeOfBirth, address: address, embarkation: embarkation, debarkation: debarkation,
            verified: verified, seat: seat, bags: bags, recordLocator: recordLocator, documents: documents)
        return GeneratedTraveler(traveler: traveler, name: holder.name, index: index)
    }
}

/// A document as `DocumentIssuer` decides it: type, number, issuer, expiry, and whether it
/// carries an MRZ (composed from the holder when rendered).
struct DocumentDraft: Sendable {
    var kind: DocumentIssuer.Kind
    var number: String
    var issuer: CountryCode
    var expiry: CalendarDate
    /// The MRZ's document code and layout; nil for a document printed without one.
    var mrz: (code: String, format: MRZFormat)?

    /// The model value.
    func document(for holder: DocumentIssuer.Holder) -> TravelDocument {
        TravelDocument(type: kind.type, number: number, issuingState: issuer, expiryDate: expiry,
                       mrzLines: mrz.map { DocumentIssuer.mrzLines(code: $0.code, format: $0.format, document: self, holder: holder) } ?? [])
    }
}
