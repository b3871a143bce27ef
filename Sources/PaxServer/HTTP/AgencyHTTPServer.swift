import Crypto
import Foundation
import GRDB
import HTTPTypes
public import Hummingbird
import HummingbirdCore
public import Logging
public import NIOCore
import PaxExchange
import PaxMessages

/// One agency as HTTP services (Hummingbird 2): the peer listener and the operator listener.
///
/// Peer listener:
///
/// | Route | What |
/// |---|---|
/// | `GET /health` | agency id, version, database status (200, or 503 if the database fails) |
/// | `GET /metrics` | request counts, latency histograms, connection and refusal counters (Prometheus text) |
/// | `POST /messages` | a signed message from a peer |
/// | `GET /messages/{id}` | a message's status, for a peer that signs the query |
/// | `POST /carrier/paxlst`, `GET /carrier/responses/{reference}` | the carrier API, when carriers are configured (see `CarrierDesk`) |
///
/// Operator listener (a Unix socket or loopback port of its own; the peer listener has no
/// operator routes): `POST /operator/messages`, `GET /messages/{id}` signed with the agency's
/// own key, `GET /health`.
///
/// A message is authenticated from its head before its body is read: sender, recipient,
/// replay window and the signature (which covers the payload digest). A refusal there is
/// answered at once with `Connection: close` (the body is never read), counted, charged to
/// the client address's bucket for refusals (once that is empty, refusals from the address
/// are 429) and summarised in the audit log; it never reaches the agency. A genuine peer
/// behind the same address is not held up: authentication comes first, and only then is the
/// peer's own bucket charged, a share of the body memory budget reserved (503 when it is
/// spent), and the body streamed into SHA-256 up to the signed length; a body whose digest
/// differs is refused without being parsed. Connection cap and head/body deadlines are
/// enforced per connection (see `ConnectionGate`).
public struct AgencyHTTPServer: Sendable {
    public struct Options: Sendable {
        public var agency: String
        public var version: String
        public var host: String
        public var port: Int
        public var maxBodyBytes: Int
        public var ratePerPeer: AgencyServiceConfiguration.RateLimit
        /// Refusals before authentication allowed per client address.
        public var rateUnauthenticated: AgencyServiceConfiguration.RateLimit
        /// Configured peers (metrics label claimed senders only when they name one).
        public var peers: Set<String>
        public var connections: ConnectionGate.Limits
        public var maxBodyBytesInFlight: Int
        public var trustedProxies: [String]
        /// Where the operator endpoint listens; nil: no operator listener.
        public var operatorListener: AgencyServiceConfiguration.OperatorListener?

        public init(agency: String, version: String, host: String = "127.0.0.1", port: Int, maxBodyBytes: Int,
                    ratePerPeer: AgencyServiceConfiguration.RateLimit, peers: Set<String>,
                    rateUnauthenticated: AgencyServiceConfiguration.RateLimit = .init(perSecond: 5, burst: 20),
                    connections: ConnectionGate.Limits = .init(configuration: .init()),
                    maxBodyBytesInFlight: Int? = nil, trustedProxies: [String] = [],
                    operatorListener: AgencyServiceConfiguration.OperatorListener? = nil) {
            self.agency = agency
            self.version = version
            self.host = host
            self.port = port
            self.maxBodyBytes = maxBodyBytes
            self.ratePerPeer = ratePerPeer
            self.rateUnauthenticated = rateUnauthenticated
            self.peers = peers
            self.connections = connections
            self.maxBodyBytesInFlight = maxBodyBytesInFlight ?? max(maxBodyBytes * 8, 64 << 20)
            self.trustedProxies = trustedProxies
            self.operatorListener = operatorListener
        }

        /// Options from an agency configuration file.
        public init(configuration: AgencyServiceConfiguration, version: String) {
            let limits = configuration.limits
            self.init(agency: configuration.agency, version: version, host: configuration.listenHost,
                      port: configuration.listenPort, maxBodyBytes: limits.maxBodyBytes,
                      ratePerPeer: limits.ratePerPeer, peers: Set(configuration.peers.map(\.agency)),
                      rateUnauthenticated: limits.rateUnauthenticated, connections: .init(configuration: limits),
                      maxBodyBytesInFlight: limits.maxBodyBytesInFlight, trustedProxies: configuration.trustedProxies,
                      operatorListener: configuration.operatorListener)
        }
    }

    /// The header in which a request names the agency it comes from (the envelope's sender).
    public static let senderHeader = "pax-sender"

    public let options: Options
    public let intake: any MessageIntake
    public let database: AgencyDatabase?
    public let metrics = RequestMetrics()
    /// Authenticated peers' buckets, keyed by the verified sender.
    public let limiter: TokenBucketLimiter
    /// Refusals before authentication, keyed by client address.
    public let strangerLimiter: TokenBucketLimiter
    /// Operator requests are signed by the agency's own key; they get their own, larger bucket.
    let operatorLimiter: TokenBucketLimiter
    public let gate: ConnectionGate
    public let budget: BodyBudget
    public let refusals: RefusalLedger
    let clientAddress: ClientAddress
    public let logger: Logger
    /// Mutual TLS on the peer listener (nil: plain HTTP).
    public let tls: TLSMaterialStore?
    /// Seconds on a monotonic clock, for the rate limiter (tests pass their own).
    let clock: @Sendable () -> Double
    /// The carrier API (`/carrier/...` routes on the peer listener), when carriers are configured.
    public var carrierDesk: CarrierDesk?
    /// The agency's storage when it is not the SQLite `database` (PostgreSQL), for `/health`.
    public var storage: (any AgencyStorage)?

    public init(options: Options, intake: any MessageIntake, database: AgencyDatabase?, logger: Logger,
                clock: (@Sendable () -> Double)? = nil, tls: TLSMaterialStore? = nil) {
        self.options = options
        self.tls = tls
        self.intake = intake
        self.database = database
        self.logger = logger
        limiter = TokenBucketLimiter(perSecond: options.ratePerPeer.perSecond, burst: options.ratePerPeer.burst)
        strangerLimiter = TokenBucketLimiter(perSecond: options.rateUnauthenticated.perSecond,
                                             burst: options.rateUnauthenticated.burst)
        operatorLimiter = TokenBucketLimiter(perSecond: max(1_000, options.ratePerPeer.perSecond),
                                             burst: max(2_000, options.ratePerPeer.burst))
        var connections = options.connections
        // Signed messages are authenticated from their heads: their bodies wait until then.
        connections.authenticatedBodyPaths = ["/messages"]
        refusals = RefusalLedger(knownSenders: options.peers)
        gate = ConnectionGate(limits: connections, refusals: refusals)
        budget = BodyBudget(capacity: options.maxBodyBytesInFlight)
        clientAddress = ClientAddress(trustedProxies: options.trustedProxies)
        let origin = ContinuousClock.now
        self.clock = clock ?? {
            let elapsed = origin.duration(to: .now)
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
    }

    /// The peer listener's routes and middleware.
    public func makeRouter() -> Router<AgencyRequestContext> {
        let router = Router(context: AgencyRequestContext.self)
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.get("/health") { _, _ in try await self.health() }
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            let text = await self.metrics.exposition() + self.gate.exposition() + self.refusals.exposition()
                + (self.tls?.exposition() ?? "")
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        router.post("/messages") { request, context in try await self.submit(request, context, operator: false) }
        router.get("/messages/:id") { request, context in try await self.status(request, context, operator: false) }
        if carrierDesk != nil { addCarrierRoutes(to: router) }
        return router
    }

    /// The operator listener's routes.
    public func makeOperatorRouter() -> Router<AgencyRequestContext> {
        let router = Router(context: AgencyRequestContext.self)
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.get("/health") { _, _ in try await self.health() }
        router.post("/operator/messages") { request, context in try await self.submit(request, context, operator: true) }
        router.get("/messages/:id") { request, context in try await self.status(request, context, operator: true) }
        return router
    }

    /// The peer listener on the configured host and port, with the connection gate.
    public func makeApplication(
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> Application<RouterResponder<AgencyRequestContext>> {
        let gate = self.gate
        let server: HTTPServerBuilder
        if let tls {
            // Mutual TLS: the handshake (client certificate required and checked) comes first.
            server = HTTPServerBuilder { responder in
                ReloadableTLSChannel(base: HTTP1Channel(responder: responder,
                                                        configuration: .init(additionalChannelHandlers: [gate.makeHandler()])),
                                     store: tls)
            }
        } else {
            server = .http1(configuration: .init(additionalChannelHandlers: [gate.makeHandler()]))
        }
        return Application(router: makeRouter(),
                           server: server,
                           configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port),
                                                                   serverName: "paxsim"),
                           onServerRunning: { [logger] listener in
                               if gate.limits.filtersShedPackets {
                                   let filter = ListenerPacketFilter(gate: gate, logger: logger)
                                   let task = Task { await filter.run(on: listener) }
                                   listener.closeFuture.whenComplete { _ in task.cancel() }
                               }
                               await onServerRunning(listener)
                           }, logger: logger)
    }

    /// The operator listener (nil when none is configured). A Unix socket is created mode 0600
    /// (a stale socket file left by a crash is removed first).
    public func makeOperatorApplication(
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> Application<RouterResponder<AgencyRequestContext>>? {
        guard let listener = options.operatorListener else { return nil }
        let address: BindAddress
        let prepare: @Sendable () -> Void
        switch listener {
        case .loopback(let host, let port):
            address = .hostname(host, port: port)
            prepare = {}
        case .unixSocket(let path):
            address = .unixDomainSocket(path: path)
            OperatorSocket.removeStale(at: path)
            prepare = { OperatorSocket.restrict(path) }
        }
        let limits = ConnectionGate.Limits(maxConnections: 64, headTimeout: options.connections.headTimeout,
                                           bodyTimeout: options.connections.bodyTimeout, idleTimeout: options.connections.idleTimeout,
                                           authenticatedBodyPaths: ["/operator/messages"])
        let gate = ConnectionGate(limits: limits)
        return Application(router: makeOperatorRouter(),
                           server: .http1(configuration: .init(additionalChannelHandlers: [gate.makeHandler()])),
                           configuration: ApplicationConfiguration(address: address, serverName: "paxsim-operator"),
                           onServerRunning: { channel in
                               prepare()
                               await onServerRunning(channel)
                           }, logger: logger)
    }

    // MARK: Handlers

    private func health() async throws -> Response {
        var databaseStatus = "none"
        var healthy = true
        if let database {
            do {
                _ = try await database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") }
                databaseStatus = "ok"
            } catch {
                databaseStatus = "error"
                healthy = false
                logger.error("health check: database read failed", metadata: ["error": "\(AgencyDatabase.describe(error))"])
            }
        } else if let storage {
            healthy = await storage.isHealthy()
            databaseStatus = healthy ? "ok" : "error"
            if !healthy { logger.error("health check: \(storage.location) does not answer") }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = try encoder.encode(["agency": options.agency, "version": options.version, "database": databaseStatus,
                                       "status": healthy ? "ok" : "degraded"])
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: healthy ? .ok : .serviceUnavailable, headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    private func submit(_ request: Request, _ context: AgencyRequestContext, operator isOperator: Bool) async throws -> Response {
        let claimed = Self.header(Self.senderHeader, in: request)
        let client = client(of: request, context)
        let fields = request.headers.map { ($0.name.canonicalName, $0.value) }
        let head: AuthenticatedHead
        switch intake.authenticate(fields: fields, operator: isOperator) {
        case .refused(let code, let answer):
            return await refuseStranger(code: code, answer: answer, claimed: claimed, client: client, operator: isOperator,
                                        context: context)
        case .authenticated(let authenticated):
            head = authenticated
        }
        let sender = head.envelope.sender
        if let limited = await charge(isOperator ? operatorLimiter : limiter, key: isOperator ? "operator" : sender, context: context) {
            return limited
        }
        let limit = options.maxBodyBytes
        guard head.payloadLength <= limit else {
            return Self.closing(tooLarge(limit: limit, context: context, declared: head.payloadLength), authenticated: true)
        }
        if let declared = Self.header("content-length", in: request), Int(declared) != head.payloadLength {
            return Self.closing(HTTPErrorBody.response(
                status: .badRequest, code: RejectionReason.malformedFrame.rawValue,
                reason: "Content-Length \(declared.prefix(20)) differs from Pax-Payload-Length \(head.payloadLength)"),
                authenticated: true)
        }
        guard budget.reserve(head.payloadLength) else {
            context.logger.notice("body memory budget spent", metadata: ["in_use": "\(budget.inUse)", "sender": "\(sender)"])
            var response = Self.closing(HTTPErrorBody.response(
                status: .serviceUnavailable, code: "busy",
                reason: "the agency is reading \(budget.inUse) bytes of other requests; retry shortly"), authenticated: true)
            response.headers[.retryAfter] = "1"
            return response
        }
        defer { budget.release(head.payloadLength) }
        if head.payloadLength > options.connections.strangerReceiveBufferBytes, options.connections.strangerReceiveBufferBytes > 0 {
            // Authenticated: the body may come at full speed.
            try? await ConnectionGate.setReceiveBuffer(context.channel, bytes: options.connections.peerReceiveBufferBytes).get()
        }
        // The connection guard held the body until now.
        context.channel.triggerUserOutboundEvent(ConnectionGuardHandler.ReadBody(), promise: nil)
        let body = await Self.readBody(request, length: head.payloadLength)
        if case .timedOut = body {
            return Self.closing(HTTPErrorBody.response(status: .requestTimeout, code: "body-timeout",
                                                       reason: "the request body did not arrive in time"))
        }
        // The head's proof plus the body hashed as it was read: the agency checks neither again.
        guard case .read(let payload) = body, let message = head.verified.attaching(payload) else {
            // A head that verifies with a body that does not: a replayed head, or corruption.
            return await refuseStranger(
                code: RejectionReason.digestMismatch.rawValue,
                answer: ExchangeIntake.error(400, RejectionReason.digestMismatch.rawValue,
                                             "the body is not the \(head.payloadLength) bytes whose SHA-256 is \(SignedMessage.Field.payloadDigest)"),
                claimed: sender, client: client, operator: isOperator, context: context)
        }
        if !isOperator { gate.prove(ClientAddress.canonical(context.remoteHost)) }
        return Self.response(await intake.submit(message, operator: isOperator))
    }

    private func status(_ request: Request, _ context: AgencyRequestContext, operator isOperator: Bool) async throws -> Response {
        // Clients may percent-encode the ':' of message ids; the router hands the raw segment over.
        guard let raw = context.parameters.get("id"), let id = raw.removingPercentEncoding, Self.isPlausibleMessageId(id) else {
            return HTTPErrorBody.response(status: .badRequest, code: "bad-message-id",
                                          reason: "a message id is 1 to 128 characters: letters, digits, '-', '_', '.', ':'")
        }
        let claimed = Self.header(Self.senderHeader, in: request)
        let client = client(of: request, context)
        switch intake.authenticateStatusQuery(messageId: id, headers: Self.headerDictionary(request), operator: isOperator) {
        case .refused(let code, let answer):
            return await refuseStranger(code: code, answer: answer, claimed: claimed, client: client, operator: isOperator,
                                        context: context)
        case .authenticated(let asker):
            if !isOperator { gate.prove(ClientAddress.canonical(context.remoteHost)) }
            if let limited = await charge(isOperator ? operatorLimiter : limiter, key: isOperator ? "operator" : asker,
                                          context: context) {
                return limited
            }
            return Self.response(await intake.status(messageId: id, asker: asker))
        }
    }

    // MARK: Strangers

    /// Answers a request refused before authentication: counted and summarised; charged to
    /// the client address (peer listener), and 429 once that address has no refusals left.
    func refuseStranger(code: String, answer: IntakeResponse, claimed: String?, client: String,
                        operator isOperator: Bool, context: AgencyRequestContext) async -> Response {
        if !isOperator, case .limited(let retryAfter) = await strangerLimiter.take(client, now: clock()) {
            refusals.record(code: "rate-limited", claimedSender: claimed, remote: client)
            // Still failing past its limit: its next connections are closed at accept until a
            // token is due, unless the address is a trusted proxy's (then `client` is not it).
            if client == ClientAddress.canonical(context.remoteHost) { gate.shed(client, seconds: retryAfter) }
            var response = Self.closing(HTTPErrorBody.response(status: .tooManyRequests, code: "rate-limited",
                                                               reason: "too many refused requests from \(client); retry later"))
            response.headers[.retryAfter] = "1"
            // Past its refusals, an address's bodies are not drained: the connection closes at once.
            if let marker = HTTPField.Name(ConnectionGuardHandler.lingerHeader) { response.headers[marker] = ConnectionGuardHandler.noLinger }
            return response
        }
        refusals.record(code: code, claimedSender: claimed, remote: client)
        return Self.closing(Self.response(answer))
    }

    /// Takes a token for an authenticated sender; the 429 when there is none.
    func charge(_ limiter: TokenBucketLimiter, key: String, context: AgencyRequestContext) async -> Response? {
        switch await limiter.take(key, now: clock()) {
        case .allowed:
            return nil
        case .limited(let retryAfter):
            let seconds = max(1, Int(retryAfter.rounded(.up)))
            context.logger.notice("rate limited", metadata: ["peer": "\(key)", "retry_after": "\(seconds)"])
            var response = Self.closing(HTTPErrorBody.response(
                status: .tooManyRequests, code: "rate-limited", reason: "too many requests from \(key); retry after \(seconds) s"),
                authenticated: true)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
    }

    func client(of request: Request, _ context: AgencyRequestContext) -> String {
        clientAddress.resolve(remoteHost: context.remoteHost, forwardedFor: Self.header("x-forwarded-for", in: request))
    }

    // MARK: Body

    enum BodyOutcome {
        case read(HashedPayload)
        case wrongLength
        case timedOut
    }

    /// Streams exactly `length` bytes into SHA-256 (and a buffer of that size, no more).
    static func readBody(_ request: Request, length: Int) async -> BodyOutcome {
        var payload = HashingPayloadBuffer(capacity: length)
        do {
            for try await chunk in request.body {
                guard chunk.readableBytes <= length - payload.count else { return .wrongLength }
                chunk.withUnsafeReadableBytes { payload.append($0) }
            }
        } catch {
            return .timedOut
        }
        guard payload.count == length else { return .wrongLength }
        return .read(payload.finish())
    }

    private func tooLarge(limit: Int, context: AgencyRequestContext, declared: Int) -> Response {
        context.logger.notice("request body too large", metadata: ["limit": "\(limit)", "declared": "\(declared)"])
        return HTTPErrorBody.response(status: .contentTooLarge, code: "body-too-large",
                                      reason: "request body of \(declared) bytes exceeds the limit of \(limit) bytes")
    }

    /// `response` with `Connection: close`: the connection guard closes the connection once it
    /// is written, after a lingering close if the body is still arriving (`authenticated`: the
    /// refused request's sender was authenticated, so its body may be drained further; see
    /// `ConnectionGuardHandler`).
    static func closing(_ response: Response, authenticated: Bool = false) -> Response {
        var response = response
        response.headers[.connection] = "close"
        if authenticated, let marker = HTTPField.Name(ConnectionGuardHandler.lingerHeader) { response.headers[marker] = "peer" }
        return response
    }


    static func response(_ answer: IntakeResponse) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        for (name, value) in answer.headers.sorted(by: { $0.key < $1.key }) {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        let code = (100...599).contains(answer.status) ? answer.status : 500
        return Response(status: .init(code: code), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    static func header(_ lowercasedName: String, in request: Request) -> String? {
        request.headers.first { $0.name.canonicalName == lowercasedName }?.value
    }

    static func headerDictionary(_ request: Request) -> [String: String] {
        var out: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            out[name] = out[name].map { "\($0), \(field.value)" } ?? field.value
        }
        return out
    }

    public static func isPlausibleMessageId(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.unicodeScalars.allSatisfy {
            switch $0 {
            case "A"..."Z", "a"..."z", "0"..."9", "-", "_", ".", ":": true
            default: false
            }
        }
    }
}
