/// A travel document on a watch list: a document the person is known to hold, or one reported
/// lost or stolen.
public struct WatchListDocument: Sendable, Hashable, Codable {
    /// Document type, when known.
    public var type: DocumentType?
    /// Document number: 1-20 upper-case letters and digits, as printed.
    public var number: String
    /// Issuing state or organisation, when known.
    public var issuingState: CountryCode?

    public init(type: DocumentType? = nil, number: String, issuingState: CountryCode? = nil) {
        self.type = type
        self.number = number
        self.issuingState = issuingState
    }
}
