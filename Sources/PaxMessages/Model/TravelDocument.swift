public import SafeXML

/// One travel document presented by a traveller (PAXLST DOC, DTM+36, LOC+91).
public struct TravelDocument: Sendable, Hashable, Codable {
    public var type: DocumentType
    public var number: String
    /// Issuing state or organisation: an ISO 3166-1 alpha-3 or ICAO Doc 9303 code.
    public var issuingState: CountryCode
    public var expiryDate: CalendarDate
    /// The machine-readable zone lines, top to bottom, when the document was swiped: two of
    /// 44 characters (TD3) or three of 30 (TD1). Empty when not read.
    public var mrzLines: [String]
    /// Elements of other namespaces (later minor versions, vendors), kept in order.
    public var extensions: [XMLElement]

    public init(type: DocumentType, number: String, issuingState: CountryCode, expiryDate: CalendarDate,
                mrzLines: [String] = [], extensions: [XMLElement] = []) {
        self.type = type
        self.number = number
        self.issuingState = issuingState
        self.expiryDate = expiryDate
        self.mrzLines = mrzLines
        self.extensions = extensions
    }
}
