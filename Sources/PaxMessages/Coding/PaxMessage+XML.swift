public import SafeXML

extension PaxMessage {
    /// The namespace of every v1 message.
    public static let namespace = "urn:paxsim:api:v1"

    /// The root element names of the v1 messages, in schema order.
    public static let rootElementNames = [
        TravelerManifest.rootElementName, Acknowledgement.rootElementName, RiskAssessment.rootElementName,
        AssistanceRequest.rootElementName, AssistanceResponse.rootElementName, Envelope.rootElementName,
    ]

    /// Every element name the v1 schemas declare, to tell a misplaced element from an unknown one.
    static let elementNames: Set<String> = [
        "Acknowledgement", "Address", "ArrivalAirport", "AssessedAt", "Assessments", "AssistanceRequest",
        "AssistanceResponse", "Bags", "ByDocument", "ByNameAndBirthDate", "Carrier", "City", "Code", "Column",
        "CorrelationId", "Country", "CountryOfResidence", "CreatedAt", "Crew", "DateOfBirth", "Debarkation",
        "DenialReason", "DepartureAirport", "Document", "DocumentNumber", "DocumentType", "Documents", "Email",
        "Embarkation", "Envelope", "Error", "Errors", "ExpiryDate", "Flight", "FlightNumber", "Gender", "GivenNames",
        "Header", "IdentityConfidence", "IssuingState", "Kind", "Leg", "LegalBasis", "Legs", "Line", "ListType", "ListedAction", "MRZ", "ManifestMessageId",
        "MatchScore", "MatchedFields", "MessageFunction", "MessageId", "Name", "Nationality", "Number",
        "OriginalMessageId", "Outcome", "Passengers", "Path", "Payload", "PayloadDigest", "Phone", "PlaceOfBirth",
        "PostalCode", "Purpose", "Query", "Reason", "Reasons", "ReceivedDigest", "Receiver", "Record",
        "RecordLocator", "Records", "ReferencedMessageId", "ReportingParty", "RequestMessageId", "RequestedOutcome", "Result",
        "RiskAssessment", "ScheduledArrival", "ScheduledDeparture", "SchemaVersion", "Score", "Seat", "Sender",
        "Severity", "Signature", "SourceId", "Status", "Street", "Surname", "Tag", "Text", "Totals", "Traveler",
        "TravelerAssessment", "TravelerManifest", "TravelerReference", "Travelers", "Type", "Verified",
    ]

    /// Parses `bytes` with SafeXML's hardened parser and decodes whichever v1 message is at
    /// the root.
    public static func decode(bytes: [UInt8], limits: ParseLimits = .default) throws(MessageDecodingError) -> PaxMessage {
        try decode(MessageDocument.root(of: bytes, limits: limits))
    }

    /// Decodes whichever v1 message `element` is, by its name.
    public static func decode(_ element: XMLElement) throws(MessageDecodingError) -> PaxMessage {
        try decode(ElementDecoder(element: element, path: "/" + element.name.localName))
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> PaxMessage {
        let name = decoder.element.name
        guard name.namespace == namespace else { throw decoder.error(.unknownMessage(name)) }
        switch name.localName {
        case TravelerManifest.rootElementName: return .manifest(try TravelerManifest.decode(decoder))
        case Acknowledgement.rootElementName: return .acknowledgement(try Acknowledgement.decode(decoder))
        case RiskAssessment.rootElementName: return .riskAssessment(try RiskAssessment.decode(decoder))
        case AssistanceRequest.rootElementName: return .assistanceRequest(try AssistanceRequest.decode(decoder))
        case AssistanceResponse.rootElementName: return .assistanceResponse(try AssistanceResponse.decode(decoder))
        case Envelope.rootElementName: return .envelope(try Envelope.decode(decoder))
        default: throw decoder.error(.unknownMessage(name))
        }
    }

    /// Writes the message element (see `XMLMessage.encode(to:declaringNamespace:)`).
    public func encode(to writer: inout XMLWriter, declaringNamespace: Bool) throws(XMLWriterError) {
        switch self {
        case .manifest(let m): try m.encode(to: &writer, declaringNamespace: declaringNamespace)
        case .acknowledgement(let m): try m.encode(to: &writer, declaringNamespace: declaringNamespace)
        case .riskAssessment(let m): try m.encode(to: &writer, declaringNamespace: declaringNamespace)
        case .assistanceRequest(let m): try m.encode(to: &writer, declaringNamespace: declaringNamespace)
        case .assistanceResponse(let m): try m.encode(to: &writer, declaringNamespace: declaringNamespace)
        case .envelope(let m): try m.encode(to: &writer, declaringNamespace: declaringNamespace)
        }
    }

    /// The message as a complete XML document (deterministic; see `XMLMessage`).
    public func encode() throws(XMLWriterError) -> [UInt8] {
        var writer = XMLWriter()
        try encode(to: &writer, declaringNamespace: true)
        return try writer.finish()
    }
}
