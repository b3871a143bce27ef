public import SafeXML

/// One flight's passenger list or crew list: the XML counterpart of a UN/EDIFACT PAXLST.
public struct TravelerManifest: Sendable, Hashable, Codable {
    /// The version written in the root's `schemaVersion` attribute.
    public var schemaVersion: SchemaVersion
    public var header: MessageHeader
    public var function: MessageFunction
    /// The manifest a change or cancel refers to.
    public var originalMessageId: String?
    public var listType: ListType
    public var flight: Flight
    public var reportingParty: ReportingParty
    public var travelers: [Traveler]
    /// Control totals as reported; `Totals(counting: travelers)` gives the true counts.
    public var totals: Totals
    /// Elements of other namespaces (later minor versions, vendors), kept in order.
    public var extensions: [XMLElement]

    public init(schemaVersion: SchemaVersion = .current, header: MessageHeader, function: MessageFunction = .original,
                originalMessageId: String? = nil, listType: ListType, flight: Flight, reportingParty: ReportingParty,
                travelers: [Traveler], totals: Totals, extensions: [XMLElement] = []) {
        self.schemaVersion = schemaVersion
        self.header = header
        self.function = function
        self.originalMessageId = originalMessageId
        self.listType = listType
        self.flight = flight
        self.reportingParty = reportingParty
        self.travelers = travelers
        self.totals = totals
        self.extensions = extensions
    }

    /// A passenger list whose totals are counted from `travelers`.
    public static func passengerList(header: MessageHeader, function: MessageFunction = .original,
                                     originalMessageId: String? = nil, flight: Flight,
                                     reportingParty: ReportingParty, travelers: [Traveler]) -> TravelerManifest {
        TravelerManifest(header: header, function: function, originalMessageId: originalMessageId, listType: .passenger,
                         flight: flight, reportingParty: reportingParty, travelers: travelers,
                         totals: Totals(counting: travelers))
    }

    /// A crew list whose totals are counted from `travelers`.
    public static func crewList(header: MessageHeader, function: MessageFunction = .original,
                                originalMessageId: String? = nil, flight: Flight,
                                reportingParty: ReportingParty, travelers: [Traveler]) -> TravelerManifest {
        TravelerManifest(header: header, function: function, originalMessageId: originalMessageId, listType: .crew,
                         flight: flight, reportingParty: reportingParty, travelers: travelers,
                         totals: Totals(counting: travelers))
    }
}
