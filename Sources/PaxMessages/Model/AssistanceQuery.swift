/// Whom a mutual-assistance request is about: exactly one of a document or a name and date
/// of birth.
public enum AssistanceQuery: Sendable, Hashable, Codable {
    /// Exact match on a travel document.
    case byDocument(DocumentQuery)
    /// Fuzzy match on biographic data.
    case byNameAndBirthDate(NameAndBirthDateQuery)
}

/// Search criteria identifying one travel document.
public struct DocumentQuery: Sendable, Hashable, Codable {
    public var documentType: DocumentType
    public var documentNumber: String
    public var issuingState: CountryCode

    public init(documentType: DocumentType, documentNumber: String, issuingState: CountryCode) {
        self.documentType = documentType
        self.documentNumber = documentNumber
        self.issuingState = issuingState
    }
}

/// Search criteria by name and date of birth.
public struct NameAndBirthDateQuery: Sendable, Hashable, Codable {
    public var surname: String
    public var givenNames: String?
    public var dateOfBirth: CalendarDate
    public var nationality: CountryCode?

    public init(surname: String, givenNames: String? = nil, dateOfBirth: CalendarDate, nationality: CountryCode? = nil) {
        self.surname = surname
        self.givenNames = givenNames
        self.dateOfBirth = dateOfBirth
        self.nationality = nationality
    }
}
