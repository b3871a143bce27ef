/// What an agency did with an authenticated incoming message, as kept in its inbox record
/// (and reported by status queries and the audit log under the raw value).
public enum InboxOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case manifestAccepted = "manifest-accepted"
    case rejectedInvalid = "rejected-invalid"
    case rejectedMismatch = "rejected-mismatch"
    case rejectedUnexpected = "rejected-unexpected"
    /// The message id is not in its sender's namespace (`foreign-id`).
    case rejectedForeignId = "rejected-foreign-id"
    case ackAccepted = "ack-accepted"
    case ackRejected = "ack-rejected"
    case ackLate = "ack-late"
    case ackUnmatched = "ack-unmatched"
    case assessmentAccepted = "assessment-accepted"
    case assessmentLate = "assessment-late"
    case assessmentUnmatched = "assessment-unmatched"
    case responseFound = "response-found"
    case responseNotFound = "response-notfound"
    case responseDenied = "response-denied"
    case responseUnmatched = "response-unmatched"
    case assistanceFound = "assistance-found"
    case assistanceNotFound = "assistance-not-found"

    /// True when processing disclosed traveller data to the sender (audited as an access).
    public var disclosedTravellerData: Bool { self == .assistanceFound }
}
