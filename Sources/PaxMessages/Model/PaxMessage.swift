/// Any v1 message, as found at the root of a document or in an envelope's payload.
public enum PaxMessage: Sendable, Hashable, Codable {
    case manifest(TravelerManifest)
    case acknowledgement(Acknowledgement)
    case riskAssessment(RiskAssessment)
    case assistanceRequest(AssistanceRequest)
    case assistanceResponse(AssistanceResponse)
    indirect case envelope(Envelope)

    /// The message's header.
    public var header: MessageHeader {
        switch self {
        case .manifest(let m): m.header
        case .acknowledgement(let m): m.header
        case .riskAssessment(let m): m.header
        case .assistanceRequest(let m): m.header
        case .assistanceResponse(let m): m.header
        case .envelope(let m): m.header
        }
    }

    /// The version in the message's `schemaVersion` attribute.
    public var schemaVersion: SchemaVersion {
        switch self {
        case .manifest(let m): m.schemaVersion
        case .acknowledgement(let m): m.schemaVersion
        case .riskAssessment(let m): m.schemaVersion
        case .assistanceRequest(let m): m.schemaVersion
        case .assistanceResponse(let m): m.schemaVersion
        case .envelope(let m): m.schemaVersion
        }
    }

    /// The local name of the message's root element, e.g. `TravelerManifest`.
    public var rootElementName: String {
        switch self {
        case .manifest: TravelerManifest.rootElementName
        case .acknowledgement: Acknowledgement.rootElementName
        case .riskAssessment: RiskAssessment.rootElementName
        case .assistanceRequest: AssistanceRequest.rootElementName
        case .assistanceResponse: AssistanceResponse.rootElementName
        case .envelope: Envelope.rootElementName
        }
    }
}
