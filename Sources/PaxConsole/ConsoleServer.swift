import Foundation
import HTTPTypes
import HummingbirdCore
public import Hummingbird
public import Logging
import NIOCore
public import PaxServer
import ServiceLifecycle

/// The analyst's console of one agency: server-rendered pages over its store, a live timeline
/// over Server-Sent Events, on a listener of its own (loopback unless served over TLS; never
/// the peer listener).
///
/// Access: `/login` takes the agency's operator token (and the operator's name) and opens a
/// session (cookie `HttpOnly; SameSite=Strict`, and `Secure` when served over TLS); every
/// other page needs it. Every POST must carry the session's CSRF value (derived from the
/// token) and must not come from another site (`Origin`, `Sec-Fetch-Site`). Every response carries a strict Content-Security-Policy
/// (own script and stylesheet only, no inline script, nothing fetched elsewhere). Every page
/// that shows traveller data writes an audit record first.
///
/// | Route | Page |
/// |---|---|
/// | `GET /` | Exchange: counters, charts, live timeline |
/// | `GET /events` | the timeline as Server-Sent Events |
/// | `GET /flights` | Flights (filters: direction, state, carrier; `page`) |
/// | `GET /manifest?submitter=&id=` | Manifest (audited) |
/// | `GET /traveller?submitter=&id=&ref=` | Traveller (audited) |
/// | `GET /hits` | Hits queue (audited; `sort`, `page`); `POST /hits/review` records a review |
/// | `GET /assistance` | Assistance (audited; `page`) |
/// | `GET /audit`, `POST /audit/verify` | Audit |
/// | `GET /security` | Security |
public struct ConsoleServer: Sendable {
    public let data: ConsoleData
    public let timeline: ConsoleTimeline
    public let token: OperatorToken
    /// Served over TLS (`console.tls`): cookies carry `Secure`, origins are `https://`.
    public let secure: Bool
    let sessions: ConsoleSessions
    let layout: ConsoleLayout

    public static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    public init(data: ConsoleData, timeline: ConsoleTimeline, token: OperatorToken, secure: Bool = false) throws {
        self.data = data
        self.timeline = timeline
        self.token = token
        self.secure = secure
        sessions = ConsoleSessions(token: token, secure: secure)
        layout = try ConsoleLayout()
    }

    /// The console's listener on `host:port` (port 0: any free port; `onServerRunning` gets the
    /// channel), over TLS with the material current in `tls` when each connection is accepted
    /// (a plain HTTP request to it fails the handshake).
    public func makeApplication(host: String, port: Int, logger: Logger, tls: ConsoleTLSStore? = nil,
                                onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
        -> Application<RouterResponder<BasicRequestContext>> {
        let server: HTTPServerBuilder = tls.map { store in
            HTTPServerBuilder { responder in ReloadableTLSChannel(base: HTTP1Channel(responder: responder), store: store) }
        } ?? .http1()
        return Application(router: makeRouter(), server: server,
                           configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "paxsim-console"),
                           onServerRunning: onServerRunning, logger: logger)
    }

    /// `http://HOST:PORT/` (`https://` when `secure`) for a bound listener (IPv6 hosts in brackets).
    public static func url(host: String, port: Int, secure: Bool = false) -> String {
        let scheme = secure ? "https" : "http"
        return host.contains(":") ? "\(scheme)://[\(host)]:\(port)/" : "\(scheme)://\(host):\(port)/"
    }

    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.get("/static/console.css") { _, _ in Self.asset(ConsoleAssets.css, type: "text/css; charset=utf-8") }
        router.get("/static/console.js") { _, _ in Self.asset(ConsoleAssets.js, type: "text/javascript; charset=utf-8") }
        router.get("/login") { _, _ in self.loginPage(error: nil, status: .ok) }
        router.post("/login") { request, _ in try await self.login(request) }
        router.post("/logout") { request, _ in
            try await self.posting(request) { session, _ in
                self.sessions.close(session)
                var response = Self.redirect("/login")
                response.headers[.setCookie] = self.sessions.clearCookie
                return response
            }
        }
        router.get("/") { request, _ in
            try await self.viewing(request) { session in
                self.html(self.layout.page("exchange", view: ExchangePage.view(self.timeline), title: "Exchange",
                                           agency: self.data.agencyId, session: session, current: "/"))
            }
        }
        router.get("/events") { request, _ in try await self.events(request) }
        router.get("/flights") { request, _ in
            try await self.viewing(request) { session in
                let view = try FlightsPage.view(self.data, query: Self.query(request))
                return self.html(self.layout.page("flights", view: view, title: "Flights", agency: self.data.agencyId,
                                                  session: session, current: "/flights"))
            }
        }
        router.get("/manifest") { request, _ in
            try await self.viewing(request) { session in
                guard let (view, refs) = try ManifestPage.view(self.data, query: Self.query(request)) else {
                    return self.message("No such manifest", "This agency holds no manifest with that sender and id.", session: session)
                }
                try await self.data.accessAudit.record(page: "manifest", operatorName: session.operatorName, messageId: view.messageId,
                                                    travellerRefs: refs)
                return self.html(self.layout.page("manifest", view: view, title: "Manifest \(view.flight)", agency: self.data.agencyId,
                                                  session: session, current: "/flights"))
            }
        }
        router.get("/traveller") { request, _ in
            try await self.viewing(request) { session in
                guard let view = try TravelerPage.view(self.data, query: Self.query(request), csrf: session.csrf) else {
                    return self.message("No such traveller", "This agency holds no such traveller.", session: session)
                }
                try await self.data.accessAudit.record(page: "traveller", operatorName: session.operatorName, messageId: view.messageId,
                                                    travellerRefs: [view.reference])
                return self.html(self.layout.page("traveller", view: view, title: "Traveller \(view.name)", agency: self.data.agencyId,
                                                  session: session, current: "/hits"))
            }
        }
        router.get("/hits") { request, _ in
            try await self.viewing(request) { session in
                let (view, refs) = try HitsPage.view(self.data, query: Self.query(request))
                try await self.data.accessAudit.record(page: "hits", operatorName: session.operatorName, messageId: nil,
                                                    travellerRefs: refs)
                return self.html(self.layout.page("hits", view: view, title: "Hits queue", agency: self.data.agencyId,
                                                  session: session, current: "/hits"))
            }
        }
        router.post("/hits/review") { request, _ in
            try await self.posting(request) { session, form in try await self.review(form, session: session) }
        }
        router.get("/assistance") { request, _ in
            try await self.viewing(request) { session in
                let view = try AssistancePage.view(self.data, query: Self.query(request))
                try await self.data.accessAudit.record(page: "assistance", operatorName: session.operatorName, messageId: nil,
                                                    travellerRefs: view.requests.filter { !$0.query.isEmpty }.map(\.messageId))
                return self.html(self.layout.page("assistance", view: view, title: "Assistance", agency: self.data.agencyId,
                                                  session: session, current: "/assistance"))
            }
        }
        router.get("/audit") { request, _ in
            try await self.viewing(request) { session in
                let view = try await AuditPage.view(self.data, csrf: session.csrf, verification: nil)
                return self.html(self.layout.page("audit", view: view, title: "Audit", agency: self.data.agencyId,
                                                  session: session, current: "/audit"))
            }
        }
        router.post("/audit/verify") { request, _ in
            try await self.posting(request) { session, _ in
                let verification = try await AuditLog(database: self.data.database).verify()
                let view = try await AuditPage.view(self.data, csrf: session.csrf, verification: verification)
                return self.html(self.layout.page("audit", view: view, title: "Audit", agency: self.data.agencyId,
                                                  session: session, current: "/audit"))
            }
        }
        router.get("/security") { request, _ in
            try await self.viewing(request) { session in
                self.html(self.layout.page("security", view: try SecurityPage.view(self.data), title: "Security",
                                           agency: self.data.agencyId, session: session, current: "/security"))
            }
        }
        return router
    }

    // MARK: Access

    /// A page for a logged-in operator; anyone else is sent to `/login`.
    private func viewing(_ request: Request, _ body: (ConsoleSession) async throws -> Response) async throws -> Response {
        guard let session = sessions.session(cookieHeader: request.headers[.cookie]) else { return Self.redirect("/login") }
        return try await body(session)
    }

    /// A state-changing request: a session, a same-origin request, and the session's CSRF value.
    private func posting(_ request: Request,
                         _ body: (ConsoleSession, [String: String]) async throws -> Response) async throws -> Response {
        guard let session = sessions.session(cookieHeader: request.headers[.cookie]) else {
            return plain(.unauthorized, "not logged in")
        }
        guard Self.isSameOrigin(request, secure: secure) else { return plain(.forbidden, "cross-site request refused") }
        let form = try await Self.form(request)
        guard let csrf = form["csrf"], OperatorToken.constantTimeEqual(Array(csrf.utf8), Array(session.csrf.utf8)) else {
            return plain(.forbidden, "missing or wrong CSRF value")
        }
        return try await body(session, form)
    }

    /// False when the browser says the request comes from another site: `Sec-Fetch-Site`
    /// other than `same-origin` (or `none`, typed by the user), or an `Origin` that is not this
    /// console's (`https://` when served over TLS). (`Origin: null`, sent under some referrer
    /// policies, counts only when `Sec-Fetch-Site` vouches for the request.)
    static func isSameOrigin(_ request: Request, secure: Bool = false) -> Bool {
        let site = header("sec-fetch-site", in: request)
        if let site, !["same-origin", "none"].contains(site) { return false }
        if let origin = request.headers[.origin] {
            if origin == "null" { return site != nil }
            guard let host = request.head.authority else { return false }
            return origin == (secure ? "https://" : "http://") + host
        }
        return true
    }

    private func login(_ request: Request) async throws -> Response {
        guard Self.isSameOrigin(request, secure: secure) else { return plain(.forbidden, "cross-site request refused") }
        let form = try await Self.form(request)
        let name = (form["operator"] ?? "").trimmingCharacters(in: .whitespaces)
        guard (1...40).contains(name.count),
              name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || " ._-".unicodeScalars.contains($0) }) else {
            return loginPage(error: "Give your name: 1 to 40 letters, digits, spaces, '.', '_' or '-'.", status: .badRequest)
        }
        guard let given = form["token"], token.matches(given) else {
            try await AuditLog(database: data.database).append(AuditEvent(
                kind: .accessDenied, actor: "operator:\(name)", details: ["reason": "console-wrong-token", "claimed-sender": "operator:\(name)"]))
            return loginPage(error: "That is not this agency's operator token.", status: .unauthorized)
        }
        let session = sessions.open(operatorName: name)
        var response = Self.redirect("/")
        response.headers[.setCookie] = sessions.setCookie(session)
        return response
    }

    private func review(_ form: [String: String], session: ConsoleSession) async throws -> Response {
        guard let submitter = form["submitter"], let id = form["id"], let ref = form["ref"],
              let record = data.manifest(submitter: submitter, messageId: id),
              record.travelers.contains(where: { $0.reference == ref }) else {
            return plain(.notFound, "no such traveller")
        }
        guard let verdict = form["verdict"].flatMap(HitVerdict.init(rawValue:)) else {
            return plain(.badRequest, "verdict must be true-match or false-positive")
        }
        let note = String((form["note"] ?? "").prefix(1_000))
        try await HitReviews.record(HitReview(verdict: verdict, note: note, reviewer: session.operatorName,
                                              reviewedAt: LiveAgency.now()),
                                    submitter: submitter, messageId: id, travellerRef: ref, database: data.database)
        timeline.note(kind: "review", text: "\(session.operatorName) marked \(id)/\(ref) \(verdict.rawValue)")
        return Self.redirect(ConsoleFormat.travellerLink(submitter: submitter, messageId: id, ref: ref))
    }

    // MARK: Server-Sent Events

    struct EventPayload: Encodable {
        var sequence: Int
        var time: String
        var kind: String
        var text: String
        var counters: [String: Int]
    }

    private func events(_ request: Request) async throws -> Response {
        guard sessions.session(cookieHeader: request.headers[.cookie]) != nil else { return plain(.unauthorized, "not logged in") }
        let after = Int(Self.header("last-event-id", in: request) ?? "") ?? 0
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        let timeline = self.timeline
        // A stream ends after 5 minutes (the browser reconnects with Last-Event-ID), so a
        // shutdown never waits long for it; and at once on graceful shutdown.
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let until = ContinuousClock.now + .seconds(300)
            for await entry in timeline.subscribe(after: after).cancelOnGracefulShutdown() {
                let counters = timeline.counters
                let payload = EventPayload(sequence: entry.sequence, time: ConsoleFormat.time(entry.at), kind: entry.kind, text: entry.text,
                                           counters: ["messagesIn": counters.messagesIn, "messagesOut": counters.messagesOut,
                                                      "answers": counters.answers, "retries": counters.retries,
                                                      "refusals": counters.refusals, "alerts": counters.alerts,
                                                      "manifestsAssessed": counters.manifestsAssessed])
                let json = String(decoding: try encoder.encode(payload), as: UTF8.self)
                try await writer.write(ByteBuffer(string: "id: \(entry.sequence)\nevent: timeline\ndata: \(json)\n\n"))
                if ContinuousClock.now > until { break }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    // MARK: Responses

    private func loginPage(error: String?, status: HTTPResponse.Status) -> Response {
        struct LoginView { var error: String? }
        var response = html(layout.page("login", view: LoginView(error: error), title: "Log in", agency: data.agencyId,
                                        session: nil, current: ""))
        response.status = status
        return response
    }

    private func message(_ title: String, _ text: String, session: ConsoleSession) -> Response {
        struct MessageView { var message: String }
        var response = html(layout.page("message", view: MessageView(message: text), title: title, agency: data.agencyId,
                                        session: session, current: ""))
        response.status = .notFound
        return response
    }

    private func html(_ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    private func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func asset(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "max-age=300"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    static func header(_ lowercasedName: String, in request: Request) -> String? {
        request.headers.first { $0.name.canonicalName == lowercasedName }?.value
    }

    static func query(_ request: Request) -> [String: String] {
        ConsoleForm.decode(Substring(request.uri.query ?? ""))
    }

    static func form(_ request: Request) async throws -> [String: String] {
        let body = try await request.body.collect(upTo: ConsoleForm.maxBodyBytes)
        return ConsoleForm.decode(Substring(String(buffer: body)))
    }
}

/// Headers on every console response: the CSP, no sniffing, no framing, no referrer sent off-site, no caching of pages.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = ConsoleServer.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        for (name, value) in [("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin")] {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
