public import SafeXML

/// One passenger or crew member on a flight (PAXLST segment group 4).
public struct Traveler: Sendable, Hashable, Codable {
    /// Unique passenger reference on this flight (RFF+ABO).
    public var reference: String
    public var kind: TravelerKind
    public var surname: String
    /// Absent for mononymous persons.
    public var givenNames: String?
    public var gender: Gender
    public var dateOfBirth: CalendarDate
    /// ISO 3166-1 alpha-3 or ICAO Doc 9303 code.
    public var nationality: CountryCode
    public var countryOfResidence: CountryCode?
    public var placeOfBirth: String?
    public var address: Address?
    /// Airport where the traveller boards this flight (IATA code).
    public var embarkation: String
    /// Airport where the traveller leaves this flight (IATA code).
    public var debarkation: String
    /// Whether the carrier checked the data against the document itself.
    public var verified: Bool
    /// Seat such as `23C`.
    public var seat: String?
    public var bags: Baggage?
    /// Booking (PNR) record locator.
    public var recordLocator: String?
    /// One to five documents; the first is normally the one travelled on.
    public var documents: [TravelDocument]
    /// Elements of other namespaces (later minor versions, vendors), kept in order.
    public var extensions: [XMLElement]

    public init(reference: String, kind: TravelerKind = .passenger, surname: String, givenNames: String? = nil,
                gender: Gender, dateOfBirth: CalendarDate, nationality: CountryCode,
                countryOfResidence: CountryCode? = nil, placeOfBirth: String? = nil, address: Address? = nil,
                embarkation: String, debarkation: String, verified: Bool = false, seat: String? = nil,
                bags: Baggage? = nil, recordLocator: String? = nil, documents: [TravelDocument],
                extensions: [XMLElement] = []) {
        self.reference = reference
        self.kind = kind
        self.surname = surname
        self.givenNames = givenNames
        self.gender = gender
        self.dateOfBirth = dateOfBirth
        self.nationality = nationality
        self.countryOfResidence = countryOfResidence
        self.placeOfBirth = placeOfBirth
        self.address = address
        self.embarkation = embarkation
        self.debarkation = debarkation
        self.verified = verified
        self.seat = seat
        self.bags = bags
        self.recordLocator = recordLocator
        self.documents = documents
        self.extensions = extensions
    }
}
