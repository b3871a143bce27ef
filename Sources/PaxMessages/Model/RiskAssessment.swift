public import SafeXML

/// Per-traveller screening results for one manifest.
public struct RiskAssessment: Sendable, Hashable, Codable {
    public var schemaVersion: SchemaVersion
    public var header: MessageHeader
    /// The manifest whose travellers were assessed.
    public var manifestMessageId: String
    public var assessedAt: Timestamp
    public var assessments: [TravelerAssessment]
    /// Elements of other namespaces (later minor versions, vendors), kept in order.
    public var extensions: [XMLElement]

    public init(schemaVersion: SchemaVersion = .current, header: MessageHeader, manifestMessageId: String,
                assessedAt: Timestamp, assessments: [TravelerAssessment], extensions: [XMLElement] = []) {
        self.schemaVersion = schemaVersion
        self.header = header
        self.manifestMessageId = manifestMessageId
        self.assessedAt = assessedAt
        self.assessments = assessments
        self.extensions = extensions
    }
}
