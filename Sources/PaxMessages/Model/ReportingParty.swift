/// The carrier's contact responsible for a manifest (PAXLST NAD+MS with COM).
public struct ReportingParty: Sendable, Hashable, Codable {
    public var name: String
    public var phone: String?
    public var email: String?

    public init(name: String, phone: String? = nil, email: String? = nil) {
        self.name = name
        self.phone = phone
        self.email = email
    }
}
