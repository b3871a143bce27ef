/// Who is asking, as far as the HTTP layer knows: the agency the request claims to come from
/// (the `Pax-Sender` header, checked later against the envelope signature) and the remote address.
public struct IntakeRequester: Sendable, Equatable {
    public var claimedAgency: String?
    public var remoteAddress: String

    public init(claimedAgency: String?, remoteAddress: String) {
        self.claimedAgency = claimedAgency
        self.remoteAddress = remoteAddress
    }
}

/// A message as it arrived: header names lowercased (repeated headers joined with ", "),
/// the body already bounded by the server's size limit.
public struct IntakeSubmission: Sendable {
    public var headers: [String: String]
    public var body: [UInt8]
    public var requester: IntakeRequester

    public init(headers: [String: String], body: [UInt8], requester: IntakeRequester) {
        self.headers = headers
        self.body = body
        self.requester = requester
    }
}

/// What the agency answers: an HTTP status, a content type and the bytes (an acknowledgement,
/// a status document, an error).
public struct IntakeResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    public var headers: [String: String]

    public init(status: Int, contentType: String = "application/xml", body: [UInt8], headers: [String: String] = [:]) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }
}

/// The agency behind the HTTP server. The HTTP layer only bounds, rate-limits, measures and
/// routes; everything about messages (signature check before parsing, deduplication,
/// authorisation of reads, audit) happens behind this protocol, in the agency core.
public protocol MessageIntake: Sendable {
    /// `POST /messages`: one submitted message.
    func submit(_ submission: IntakeSubmission) async -> IntakeResponse
    /// `GET /messages/{id}`: the status of a message, if `requester` may see it.
    func status(messageId: String, requester: IntakeRequester) async -> IntakeResponse
    /// `GET /messages/{id}` with the request's headers (lowercased names), for signed queries.
    func status(messageId: String, requester: IntakeRequester, headers: [String: String]) async -> IntakeResponse
    /// `POST /operator/messages`: an instruction from the agency's own operator.
    func operatorSubmit(_ submission: IntakeSubmission) async -> IntakeResponse
}

extension MessageIntake {
    public func status(messageId: String, requester: IntakeRequester, headers: [String: String]) async -> IntakeResponse {
        await status(messageId: messageId, requester: requester)
    }

    public func operatorSubmit(_ submission: IntakeSubmission) async -> IntakeResponse {
        IntakeResponse(status: 404, contentType: "application/json", body: Array(#"{"error":"not-found","reason":"no operator endpoint"}"#.utf8))
    }
}
