import Foundation
public import PaxExchange
import PaxMessages
import PaxRisk

/// The live agency behind `POST /messages`, `GET /messages/{id}` and, on the operator
/// listener, `POST /operator/messages`.
///
/// Peer messages are authenticated from the request head (`HeadAuthenticator`); the HTTP
/// layer reads the body only then and hands the message over once its digest matches, so a
/// refused frame never reaches the agency's actor. Answers: 200 with the signed reply
/// (acknowledgement, assistance response) in `Pax-*` headers and body; 422 with a signed
/// rejecting acknowledgement and `x-paxsim-refusal` for an authenticated but invalid payload;
/// a duplicate gets the first answer again (status, headers, bytes) plus `x-paxsim-duplicate`;
/// 202 when there is nothing to answer; an envelope-level refusal as an unsigned JSON error
/// with its code (`bad-signature` 401, `unknown-sender` 403, `wrong-recipient` 421,
/// `outside-replay-window` 409, `malformed-frame` 400); 503 when the store cannot commit.
///
/// Operator requests are signed messages from the agency to itself, with its own key: a
/// manifest to submit to the peer its header names, or an assistance request to send. They
/// are deduplicated by message id.
public struct ExchangeIntake: MessageIntake {
    public let agency: LiveAgency
    let me: String
    let timing: ExchangeTiming
    let peerHeads: HeadAuthenticator
    let operatorHeads: HeadAuthenticator
    let peerKeys: [String: VerificationKey]
    let ownKey: [String: VerificationKey]
    /// The agency's screening engine: a manifest is screened on its request's task.
    let screening: RiskEngine
    let nonces = NonceCache()
    let operatorAnswers = OperatorAnswers()

    public init(agency: LiveAgency, configuration: AgencyConfiguration) {
        self.agency = agency
        me = configuration.id
        timing = configuration.timing
        peerKeys = configuration.peers.mapValues(\.publicKey)
        ownKey = [configuration.id: configuration.signingKey.publicKey]
        peerHeads = HeadAuthenticator(me: configuration.id, keys: peerKeys, timing: configuration.timing)
        operatorHeads = HeadAuthenticator(me: configuration.id, keys: ownKey, timing: configuration.timing)
        screening = configuration.screening
    }

    public func authenticate(fields: [(String, String)], operator isOperator: Bool) -> IntakeVerdict<AuthenticatedHead> {
        switch (isOperator ? operatorHeads : peerHeads).authenticate(fields, now: LiveAgency.now()) {
        case .success(let head): .authenticated(head)
        case .failure(let rejection): .refused(code: rejection.reason.rawValue, Self.refusal(rejection))
        }
    }

    public func submit(_ message: AuthenticatedMessage, operator isOperator: Bool) async -> IntakeResponse {
        isOperator ? await operatorSubmit(message.message) : await peerSubmit(message)
    }

    private func peerSubmit(_ authenticated: AuthenticatedMessage) async -> IntakeResponse {
        // Authenticated and digest-checked: check and screen the payload here, on this
        // request's own task, so the agency's serial path does neither (it checks sender,
        // recipient and replay window again, not the signature or digest, and uses this
        // result only for the payload it was computed from).
        let message = authenticated.message
        let precheck = PayloadPrecheck.compute(message.payload, digest: message.payloadDigest, screening: screening)
        let result = await agency.receive(authenticated, precheck: precheck)
        if result.failed {
            return IntakeResponse(status: 503, contentType: "application/json",
                                  body: HTTPErrorBody.bytes(code: "unavailable", reason: "the agency could not commit; retry later"),
                                  headers: ["retry-after": "1"])
        }
        if let reply = result.reply, let mapped = try? HTTPMessageMapping.headersAndBody(of: reply) {
            var headers = Dictionary(mapped.headers, uniquingKeysWith: { first, _ in first })
            // A duplicate's stored reply says what the first answer was: a rejecting
            // acknowledgement was a 422 with its refusal code.
            let refusal = result.refusal?.reason.rawValue ?? (result.duplicate ? Self.refusalCode(ofReply: mapped.body) : nil)
            if result.duplicate { headers["x-paxsim-duplicate"] = "true" }
            if let refusal { headers["x-paxsim-refusal"] = refusal }
            return IntakeResponse(status: refusal == nil ? 200 : 422, body: mapped.body, headers: headers)
        }
        if let refusal = result.refusal { return Self.refusal(refusal) }
        return IntakeResponse(status: 202, contentType: "application/json",
                              body: Array(#"{"status":"accepted"}"#.utf8),
                              headers: result.duplicate ? ["x-paxsim-duplicate": "true"] : [:])
    }

    /// The refusal code a rejecting acknowledgement stands for (nil for anything else).
    static func refusalCode(ofReply payload: [UInt8]) -> String? {
        guard case .acknowledgement(let ack)? = try? PaxMessage.decode(bytes: payload), ack.status == .rejected else { return nil }
        let codes = Set([RejectionReason.envelopeMismatch, .unexpectedMessage].map(\.rawValue))
        return ack.errors.first.flatMap { codes.contains($0.code) ? $0.code : nil } ?? RejectionReason.schemaInvalid.rawValue
    }

    public func authenticateStatusQuery(messageId: String, headers: [String: String], operator isOperator: Bool) -> IntakeVerdict<String> {
        switch StatusRequestSignature.verify(messageId: messageId, headers: headers, keys: isOperator ? ownKey : peerKeys, me: me,
                                             now: LiveAgency.now(), skew: timing.skewTolerance, nonces: nonces) {
        case .success(let asker): .authenticated(asker)
        case .failure(let refusal): .refused(code: refusal.code, Self.error(refusal.status, refusal.code, refusal.detail))
        }
    }

    public func status(messageId: String, asker: String) async -> IntakeResponse {
        guard let report = await agency.status(of: messageId, requester: asker) else {
            // Not found and not yours look the same, so ids of others' messages are not disclosed.
            return IntakeResponse(status: 404, contentType: "application/json",
                                  body: HTTPErrorBody.bytes(code: "not-found", reason: "no message \(messageId) visible to \(asker)"))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return IntakeResponse(status: 200, contentType: "application/json", body: Array((try? encoder.encode(report)) ?? Data()))
    }

    private func operatorSubmit(_ message: SignedMessage) async -> IntakeResponse {
        let now = LiveAgency.now()
        switch operatorAnswers.claim(message.messageId, expires: message.createdAt + timing.replayWindow + 2 * timing.skewTolerance,
                                     now: now) {
        case .answered(let first):
            var again = first
            again.headers["x-paxsim-duplicate"] = "true"
            return again
        case .inProgress:
            return Self.error(409, "duplicate-in-progress", "operator message \(message.messageId) is being handled")
        case .full:
            return IntakeResponse(status: 503, contentType: "application/json",
                                  body: HTTPErrorBody.bytes(code: "busy", reason: "too many operator messages in the replay window"),
                                  headers: ["retry-after": "1"])
        case .claimed:
            let answer = await operatorAct(on: message)
            operatorAnswers.finish(message.messageId, with: answer)
            return answer
        }
    }

    private func operatorAct(on message: SignedMessage) async -> IntakeResponse {
        let payload: PaxMessage
        switch PayloadCheck.check(message.payload).result {
        case .failure(let found):
            let text = found.errors.prefix(5).map { "\($0.code): \($0.text)" }.joined(separator: "; ")
            return Self.error(422, "schema-invalid", text)
        case .success(let decoded): payload = decoded
        }
        do throws(OperatorRequestError) {
            let taken: OperatorAcceptance
            switch payload {
            case .manifest(let manifest): taken = try await agency.submitOnce(manifest)
            case .assistanceRequest(let request):
                taken = try await agency.askOnce(request.query, peer: request.header.receiver, requestId: request.header.messageId)
            default: throw OperatorRequestError("an operator submits a TravelerManifest or an AssistanceRequest, not \(payload.rootElementName)")
            }
            // A repeat recognised from the store (this process did not see the first): the
            // first answer, marked as the in-memory replay marks it.
            return IntakeResponse(status: 202, contentType: "application/json",
                                  body: Array(#"{"messageId":"\#(taken.messageId)"}"#.utf8),
                                  headers: taken.duplicate ? ["x-paxsim-duplicate": "true"] : [:])
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
