import Foundation
public import PaxExchange
import PaxMessages

/// The live agency behind `POST /messages`, `GET /messages/{id}` and `POST /operator/messages`.
///
/// Peer messages: envelope from the `Pax-*` headers, payload from the body; the agency core
/// checks the signature before the payload is parsed. Answers: 200 with the signed reply
/// (acknowledgement, assistance response) in `Pax-*` headers and body; 422 with a signed
/// rejecting acknowledgement for an authenticated but invalid payload; 202 when there is
/// nothing to answer; an envelope-level refusal as an unsigned JSON error with its code
/// (`bad-signature` 401, `unknown-sender` 403, `wrong-recipient` 421, `outside-replay-window`
/// 409, `digest-mismatch` and `malformed-frame` 400); 503 when the store cannot commit.
///
/// Operator requests are signed messages from the agency to itself, with its own key: a
/// manifest to submit to the peer its header names, or an assistance request to send.
public struct ExchangeIntake: MessageIntake {
    public let agency: LiveAgency
    let me: String
    let operatorCheck: EnvelopeCheck
    let statusKeys: [String: VerificationKey]
    let window: ExchangeTime
    /// Authenticates and checks payloads before queueing for the agency (in parallel).
    let peerCheck: EnvelopeCheck
    let payloadChecks: PayloadCheckCache?

    public init(agency: LiveAgency, configuration: PaxExchange.AgencyConfiguration) {
        self.agency = agency
        me = configuration.id
        peerCheck = EnvelopeCheck(me: configuration.id, peers: configuration.peers, timing: configuration.timing)
        payloadChecks = configuration.payloadChecks
        operatorCheck = EnvelopeCheck(me: configuration.id, peers: [configuration.id: configuration.asPeer],
                                      timing: configuration.timing)
        var keys = configuration.peers.mapValues(\.publicKey)
        keys[configuration.id] = configuration.signingKey.publicKey
        statusKeys = keys
        window = configuration.timing.replayWindow
    }

    public func submit(_ submission: IntakeSubmission) async -> IntakeResponse {
        let frame: [UInt8]
        do {
            frame = try HTTPMessageMapping.frame(headers: submission.headers.map { ($0.key, $0.value) }, body: submission.body)
        } catch {
            return Self.refusal(Rejection(.malformedFrame, error.description))
        }
        // The signature is checked first; only then is the payload parsed, here on this
        // request's own task. The agency checks the envelope again and takes the result.
        var prechecked: String? = nil
        if let payloadChecks, case .success(let message) = peerCheck.check(frame, now: LiveAgency.now()) {
            payloadChecks.precheck(message)
            prechecked = message.payloadDigest
        }
        let result = await agency.receive(frame)
        if let prechecked { payloadChecks?.discard(prechecked) }
        if result.failed {
            return IntakeResponse(status: 503, contentType: "application/json",
                                  body: HTTPErrorBody.bytes(code: "unavailable", reason: "the agency could not commit; retry later"),
                                  headers: ["retry-after": "1"])
        }
        if let reply = result.reply, let mapped = try? HTTPMessageMapping.headersAndBody(of: reply) {
            var headers = Dictionary(mapped.headers, uniquingKeysWith: { first, _ in first })
            if result.duplicate { headers["x-paxsim-duplicate"] = "true" }
            if let refusal = result.refusal { headers["x-paxsim-refusal"] = refusal.reason.rawValue }
            return IntakeResponse(status: result.refusal == nil ? 200 : 422, body: mapped.body, headers: headers)
        }
        if let refusal = result.refusal { return Self.refusal(refusal) }
        return IntakeResponse(status: 202, contentType: "application/json",
                              body: Array(#"{"status":"accepted"}"#.utf8),
                              headers: result.duplicate ? ["x-paxsim-duplicate": "true"] : [:])
    }

    public func status(messageId: String, requester: IntakeRequester, headers: [String: String]) async -> IntakeResponse {
        let asker: String
        switch StatusRequestSignature.verify(messageId: messageId, headers: headers, keys: statusKeys,
                                             now: LiveAgency.now(), window: window) {
        case .failure(let rejection): return Self.refusal(rejection)
        case .success(let sender): asker = sender
        }
        guard let report = await agency.status(of: messageId, requester: asker) else {
            // Not found and not yours look the same, so ids of others' messages are not disclosed.
            return IntakeResponse(status: 404, contentType: "application/json",
                                  body: HTTPErrorBody.bytes(code: "not-found", reason: "no message \(messageId) visible to \(asker)"))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return IntakeResponse(status: 200, contentType: "application/json", body: Array((try? encoder.encode(report)) ?? Data()))
    }

    public func status(messageId: String, requester: IntakeRequester) async -> IntakeResponse {
        await status(messageId: messageId, requester: requester, headers: [:])
    }

    public func operatorSubmit(_ submission: IntakeSubmission) async -> IntakeResponse {
        let message: SignedMessage
        do {
            let frame = try HTTPMessageMapping.frame(headers: submission.headers.map { ($0.key, $0.value) }, body: submission.body)
            switch operatorCheck.check(frame, now: LiveAgency.now()) {
            case .failure(let rejection): return Self.refusal(rejection)
            case .success(let authenticated): message = authenticated
            }
        } catch {
            return Self.refusal(Rejection(.malformedFrame, error.description))
        }
        let payload: PaxMessage
        switch PayloadCheck.check(message.payload).result {
        case .failure(let found):
            let text = found.errors.prefix(5).map { "\($0.code): \($0.text)" }.joined(separator: "; ")
            return Self.error(422, "schema-invalid", text)
        case .success(let decoded): payload = decoded
        }
        do throws(OperatorRequestError) {
            let id: String
            switch payload {
            case .manifest(let manifest): id = try await agency.submit(manifest)
            case .assistanceRequest(let request): id = try await agency.ask(request.query, peer: request.header.receiver)
            default: throw OperatorRequestError("an operator submits a TravelerManifest or an AssistanceRequest, not \(payload.rootElementName)")
            }
            return IntakeResponse(status: 202, contentType: "application/json", body: Array(#"{"messageId":"\#(id)"}"#.utf8))
        } catch {
            return Self.error(error.status, "refused", error.description)
        }
    }

    static func refusal(_ rejection: Rejection) -> IntakeResponse {
        error(status(for: rejection.reason), rejection.reason.rawValue, rejection.detail)
    }

    static func error(_ status: Int, _ code: String, _ reason: String) -> IntakeResponse {
        IntakeResponse(status: status, contentType: "application/json", body: HTTPErrorBody.bytes(code: code, reason: reason))
    }

    /// The HTTP status of a refusal.
    public static func status(for reason: RejectionReason) -> Int {
        switch reason {
        case .malformedFrame, .digestMismatch: 400
        case .badSignature: 401
        case .unknownSender: 403
        case .wrongRecipient: 421
        case .outsideReplayWindow, .idReused: 409
        case .foreignId, .schemaInvalid, .envelopeMismatch, .unexpectedMessage: 422
        }
    }
}
