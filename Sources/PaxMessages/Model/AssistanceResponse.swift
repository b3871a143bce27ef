public import SafeXML

/// The answer to an `AssistanceRequest`: found (with the records the requester may see), not
/// found, or denied with a reason.
public struct AssistanceResponse: Sendable, Hashable, Codable {
    public enum Result: String, Sendable, Hashable, Codable, CaseIterable {
        case found = "Found"
        case notFound = "NotFound"
        /// Refused, e.g. outside the legal basis; see `denialReason`.
        case denied = "Denied"
    }

    public var schemaVersion: SchemaVersion
    public var header: MessageHeader
    /// The request being answered.
    public var requestMessageId: String
    public var result: Result
    /// Why the request was denied (with `.denied` only).
    public var denialReason: String?
    /// Matching records (with `.found` only); empty writes no `Records` element.
    public var records: [AssistanceRecord]
    /// Elements of other namespaces (later minor versions, vendors), kept in order.
    public var extensions: [XMLElement]

    public init(schemaVersion: SchemaVersion = .current, header: MessageHeader, requestMessageId: String,
                result: Result, denialReason: String? = nil, records: [AssistanceRecord] = [],
                extensions: [XMLElement] = []) {
        self.schemaVersion = schemaVersion
        self.header = header
        self.requestMessageId = requestMessageId
        self.result = result
        self.denialReason = denialReason
        self.records = records
        self.extensions = extensions
    }
}
