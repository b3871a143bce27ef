import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The carrier API on the peer listener: airlines reach the agency over the same network as
/// peer agencies, so their requests get the same connection gate, refusal accounting and body
/// budget. A carrier is authenticated from its `Authorization: Bearer` header before any body
/// byte is read; a refusal is answered at once and closes the connection.
///
/// - `POST /carrier/paxlst`: body a PAXLST interchange (at most `maxBodyBytes`). 200 with the
///   CONTRL (UCI action 7) when acknowledged and forwarded, 422 with the CONTRL (action 4) when
///   rejected; `x-paxsim-carrier-reference` names the interchange, `x-paxsim-duplicate: true`
///   marks a repeated reference answered with its first CONTRL byte for byte; 503 when nothing
///   could be committed (send the same interchange again).
/// - `GET /carrier/responses/{reference}`: 200 with the CUSRES once made, 202 while the
///   assessment is pending, 404 for a reference unknown to this carrier or rejected by its CONTRL.
extension AgencyHTTPServer {
    static let edifactContentType = "application/edifact"

    func addCarrierRoutes(to router: Router<AgencyRequestContext>) {
        router.post("/carrier/paxlst") { request, context in try await self.carrierPAXLST(request, context) }
        router.get("/carrier/responses/:reference") { request, context in try await self.carrierResponse(request, context) }
    }

    /// A request's carrier, or the answer refusing it.
    private enum CarrierCheck {
        case success(CarrierAccount)
        case failure(Response)
    }

    private func carrierAccount(_ request: Request, _ context: AgencyRequestContext) async -> CarrierCheck {
        guard let desk = carrierDesk else {
            return .failure(HTTPErrorBody.response(status: .notFound, code: "not-found", reason: "no carrier API here"))
        }
        guard let account = desk.authenticate(authorization: Self.header("authorization", in: request)) else {
            return .failure(await refuseStranger(
                code: "bad-carrier-token",
                answer: ExchangeIntake.error(401, "bad-carrier-token", "a carrier authenticates with Authorization: Bearer TOKEN"),
                claimed: nil, client: client(of: request, context), operator: false, context: context))
        }
        gate.prove(ClientAddress.canonical(context.remoteHost))
        if let limited = await charge(limiter, key: "carrier:" + account.carrier, context: context) { return .failure(limited) }
        return .success(account)
    }

    private func carrierPAXLST(_ request: Request, _ context: AgencyRequestContext) async throws -> Response {
        let account: CarrierAccount
        switch await carrierAccount(request, context) {
        case .failure(let response): return response
        case .success(let found): account = found
        }
        guard let desk = carrierDesk else { return HTTPErrorBody.response(status: .notFound, code: "not-found", reason: "no carrier API here") }
        let limit = options.maxBodyBytes
        let declared = Self.header("content-length", in: request).map { Int($0) ?? -1 }
        if let declared, declared < 0 || declared > limit {
            return Self.closing(HTTPErrorBody.response(status: .contentTooLarge, code: "body-too-large",
                                                       reason: "a carrier interchange is at most \(limit) bytes"))
        }
        let reserved = declared ?? limit
        guard budget.reserve(reserved) else {
            var response = Self.closing(HTTPErrorBody.response(status: .serviceUnavailable, code: "busy",
                                                               reason: "the agency is reading other requests; retry shortly"))
            response.headers[.retryAfter] = "1"
            return response
        }
        defer { budget.release(reserved) }
        var body: [UInt8] = []
        body.reserveCapacity(min(reserved, 1 << 20))
        do {
            for try await chunk in request.body {
                guard chunk.readableBytes <= limit - body.count else {
                    return Self.closing(HTTPErrorBody.response(status: .contentTooLarge, code: "body-too-large",
                                                               reason: "a carrier interchange is at most \(limit) bytes"))
                }
                body.append(contentsOf: chunk.readableBytesView)
            }
        } catch {
            return Self.closing(HTTPErrorBody.response(status: .requestTimeout, code: "body-timeout",
                                                       reason: "the request body did not arrive in time"))
        }
        let receipt = await desk.receive(body, from: account)
        guard receipt.status != 503 else {
            var response = HTTPErrorBody.response(status: .serviceUnavailable, code: "unavailable",
                                                  reason: "the agency could not commit; send the same interchange again")
            response.headers[.retryAfter] = "1"
            return response
        }
        var headers = HTTPFields()
        headers[.contentType] = Self.edifactContentType
        if let reference = receipt.reference, let name = HTTPField.Name("x-paxsim-carrier-reference") { headers[name] = reference }
        if receipt.duplicate, let name = HTTPField.Name("x-paxsim-duplicate") { headers[name] = "true" }
        return Response(status: .init(code: receipt.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: receipt.contrl)))
    }

    private func carrierResponse(_ request: Request, _ context: AgencyRequestContext) async throws -> Response {
        let account: CarrierAccount
        switch await carrierAccount(request, context) {
        case .failure(let response): return response
        case .success(let found): account = found
        }
        guard let desk = carrierDesk else { return HTTPErrorBody.response(status: .notFound, code: "not-found", reason: "no carrier API here") }
        guard let reference = context.parameters.get("reference"), (1...14).contains(reference.utf8.count),
              reference.utf8.allSatisfy({ CarrierAccount.isAlphanumeric($0) }) else {
            return HTTPErrorBody.response(status: .badRequest, code: "bad-reference",
                                          reason: "an interchange reference is 1 to 14 letters or digits")
        }
        switch await desk.response(reference: reference, carrier: account.carrier) {
        case .ready(let cusres):
            var headers = HTTPFields()
            headers[.contentType] = Self.edifactContentType
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: cusres)))
        case .pending:
            var response = HTTPErrorBody.response(status: .accepted, code: "pending",
                                                  reason: "interchange \(reference) is waiting for its risk assessment")
            response.headers[.retryAfter] = "1"
            return response
        case .rejected:
            return HTTPErrorBody.response(status: .notFound, code: "rejected",
                                          reason: "interchange \(reference) was rejected by its CONTRL; no CUSRES follows")
        case .unknown:
            return HTTPErrorBody.response(status: .notFound, code: "not-found",
                                          reason: "no interchange \(reference) from \(account.carrier)")
        }
    }
}
