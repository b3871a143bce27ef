public import SafeXML

/// A request for information about one traveller under a customs mutual assistance agreement.
public struct AssistanceRequest: Sendable, Hashable, Codable {
    public var schemaVersion: SchemaVersion
    public var header: MessageHeader
    /// The provision under which assistance is asked.
    public var legalBasis: String
    /// Why the information is needed (purpose limitation).
    public var purpose: String
    public var query: AssistanceQuery
    /// Elements of other namespaces (later minor versions, vendors), kept in order.
    public var extensions: [XMLElement]

    public init(schemaVersion: SchemaVersion = .current, header: MessageHeader, legalBasis: String, purpose: String,
                query: AssistanceQuery, extensions: [XMLElement] = []) {
        self.schemaVersion = schemaVersion
        self.header = header
        self.legalBasis = legalBasis
        self.purpose = purpose
        self.query = query
        self.extensions = extensions
    }
}
