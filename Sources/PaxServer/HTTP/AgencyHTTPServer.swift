import Foundation
import GRDB
import HTTPTypes
public import Hummingbird
public import Logging
public import NIOCore

/// One agency as an HTTP service (Hummingbird 2):
///
/// | Route | What |
/// |---|---|
/// | `GET /health` | agency id, version, database status (200, or 503 if the database fails) |
/// | `GET /metrics` | request counts and latency histograms, Prometheus text format |
/// | `POST /messages` | submit a message: bounded body, per-peer rate limit, then `MessageIntake.submit` |
/// | `GET /messages/{id}` | a message's status: per-peer rate limit, then `MessageIntake.status` |
///
/// The body limit is enforced while the body streams in: a declared `Content-Length` above the
/// limit is refused before a byte is read, and a chunked body is refused as soon as it passes
/// the limit (413), so the server never holds more than the limit of any request.
public struct AgencyHTTPServer: Sendable {
    public struct Options: Sendable {
        public var agency: String
        public var version: String
        public var host: String
        public var port: Int
        public var maxBodyBytes: Int
        public var ratePerPeer: AgencyConfiguration.RateLimit
        /// Configured peers: a request whose `Pax-Sender` names one is rate-limited under that
        /// name and its remote host (so a forger elsewhere cannot drain a peer's bucket); any
        /// other request under its remote host.
        public var peers: Set<String>

        public init(agency: String, version: String, host: String = "127.0.0.1", port: Int, maxBodyBytes: Int,
                    ratePerPeer: AgencyConfiguration.RateLimit, peers: Set<String>) {
            self.agency = agency
            self.version = version
            self.host = host
            self.port = port
            self.maxBodyBytes = maxBodyBytes
            self.ratePerPeer = ratePerPeer
            self.peers = peers
        }

        /// Options from an agency configuration file.
        public init(configuration: AgencyConfiguration, version: String) {
            self.init(agency: configuration.agency, version: version, host: configuration.listenHost,
                      port: configuration.listenPort, maxBodyBytes: configuration.limits.maxBodyBytes,
                      ratePerPeer: configuration.limits.ratePerPeer, peers: Set(configuration.peers.map(\.agency)))
        }
    }

    /// The header in which a request names the agency it comes from (the envelope's sender).
    public static let senderHeader = "pax-sender"

    public let options: Options
    public let intake: any MessageIntake
    public let database: AgencyDatabase?
    public let metrics = RequestMetrics()
    public let limiter: TokenBucketLimiter
    /// Operator requests are signed by the agency's own key; they get their own, larger bucket.
    let operatorLimiter: TokenBucketLimiter
    public let logger: Logger
    /// Seconds on a monotonic clock, for the rate limiter (tests pass their own).
    let clock: @Sendable () -> Double

    public init(options: Options, intake: any MessageIntake, database: AgencyDatabase?, logger: Logger,
                clock: (@Sendable () -> Double)? = nil) {
        self.options = options
        self.intake = intake
        self.database = database
        self.logger = logger
        self.limiter = TokenBucketLimiter(perSecond: options.ratePerPeer.perSecond, burst: options.ratePerPeer.burst)
        self.operatorLimiter = TokenBucketLimiter(perSecond: max(1_000, options.ratePerPeer.perSecond),
                                                  burst: max(2_000, options.ratePerPeer.burst))
        let origin = ContinuousClock.now
        self.clock = clock ?? {
            let elapsed = origin.duration(to: .now)
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
    }

    /// The routes and middleware.
    public func makeRouter() -> Router<AgencyRequestContext> {
        let router = Router(context: AgencyRequestContext.self)
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.get("/health") { _, _ in try await self.health() }
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: await self.metrics.exposition())))
        }
        let peers = options.peers
        let messages = router.group("/messages").add(middleware: RateLimitMiddleware(
            limiter: limiter,
            peerKey: { request, context in
                if let sender = Self.header(Self.senderHeader, in: request), peers.contains(sender) {
                    return sender + "@" + context.remoteHost
                }
                return context.remoteHost
            },
            clock: clock))
        messages.post { request, context in try await self.submit(request, context, operator: false) }
        messages.get(":id") { request, context in try await self.status(request, context) }
        let operatorRoutes = router.group("/operator/messages").add(middleware: RateLimitMiddleware(
            limiter: operatorLimiter, peerKey: { _, context in context.remoteHost }, clock: clock))
        operatorRoutes.post { request, context in try await self.submit(request, context, operator: true) }
        return router
    }

    /// The Hummingbird application listening on the configured host and port.
    public func makeApplication(
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> Application<RouterResponder<AgencyRequestContext>> {
        Application(router: makeRouter(),
                    configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port), serverName: "paxsim"),
                    onServerRunning: onServerRunning,
                    logger: logger)
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
        let limit = options.maxBodyBytes
        if let declared = Self.header("content-length", in: request).flatMap(Int.init), declared > limit {
            return tooLarge(limit: limit, context: context, declared: declared)
        }
        var body: [UInt8] = []
        for try await chunk in request.body {
            guard body.count + chunk.readableBytes <= limit else {
                return tooLarge(limit: limit, context: context, declared: nil)
            }
            body.append(contentsOf: chunk.readableBytesView)
        }
        let submission = IntakeSubmission(headers: Self.headerDictionary(request), body: body,
                                          requester: requester(request, context))
        return Self.response(isOperator ? await intake.operatorSubmit(submission) : await intake.submit(submission))
    }

    private func status(_ request: Request, _ context: AgencyRequestContext) async throws -> Response {
        // Clients may percent-encode the ':' of message ids; the router hands the raw segment over.
        guard let raw = context.parameters.get("id"), let id = raw.removingPercentEncoding, Self.isPlausibleMessageId(id) else {
            return HTTPErrorBody.response(status: .badRequest, code: "bad-message-id",
                                          reason: "a message id is 1 to 128 characters: letters, digits, '-', '_', '.', ':'")
        }
        return Self.response(await intake.status(messageId: id, requester: requester(request, context),
                                                 headers: Self.headerDictionary(request)))
    }

    private func tooLarge(limit: Int, context: AgencyRequestContext, declared: Int?) -> Response {
        context.logger.notice("request body too large", metadata: ["limit": "\(limit)", "declared": "\(declared.map(String.init) ?? "chunked")"])
        var response = HTTPErrorBody.response(
            status: .contentTooLarge, code: "body-too-large",
            reason: declared.map { "request body of \($0) bytes exceeds the limit of \(limit) bytes" }
                ?? "request body exceeds the limit of \(limit) bytes")
        response.headers[.connection] = "close"
        return response
    }

    private func requester(_ request: Request, _ context: AgencyRequestContext) -> IntakeRequester {
        IntakeRequester(claimedAgency: Self.header(Self.senderHeader, in: request), remoteAddress: context.remoteAddress)
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
