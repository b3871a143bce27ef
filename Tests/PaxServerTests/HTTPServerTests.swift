import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
@testable import PaxServer

/// A clock frozen at a settable instant, for the rate limiter.
final class TestClock: Sendable {
    let seconds = Mutex(1_000.0)
    func advance(_ by: Double) { seconds.withLock { $0 += by } }
    var read: @Sendable () -> Double { { self.seconds.withLock { $0 } } }
}

@Suite("Agency HTTP server")
struct HTTPServerTests {
    let peers = TestPeers()

    func makeServer(maxBodyBytes: Int = 4_096, rate: AgencyServiceConfiguration.RateLimit = .init(perSecond: 1, burst: 100),
                    database: AgencyDatabase? = nil, clock: TestClock = TestClock()) -> (AgencyHTTPServer, RecordingIntake) {
        let intake = RecordingIntake(peers: peers)
        var logger = Logger(label: "paxsim-test")
        logger.logLevel = .critical
        let server = AgencyHTTPServer(
            options: .init(agency: "US-CBP", version: "test", port: 0, maxBodyBytes: maxBodyBytes, ratePerPeer: rate, peers: ["SV-DGME", "GT-IGM"]),
            intake: intake, database: database, logger: logger, clock: clock.read)
        return (server, intake)
    }

    func signed(_ text: String, sender: String = "SV-DGME") throws -> (HTTPFields, ByteBuffer) {
        (try peers.headers(Array(text.utf8), sender: sender), ByteBuffer(string: text))
    }

    @Test("GET /health: agency, version, database ok")
    func health() async throws {
        let fixture = try await AuditFixture(records: 1)
        defer { fixture.directory.remove() }
        let (server, _) = makeServer(database: fixture.database)
        try await server.makeApplication().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode([String: String].self, from: Data(response.body.readableBytesView))
                #expect(body == ["agency": "US-CBP", "version": "test", "database": "ok", "status": "ok"])
            }
        }
    }

    @Test("GET /metrics counts requests by route and status, with latency histograms")
    func metrics() async throws {
        let (server, _) = makeServer()
        try await server.makeApplication().test(.router) { client in
            for _ in 0..<3 { try await client.execute(uri: "/health", method: .get) }
            let (headers, body) = try signed("<m/>")
            try await client.execute(uri: "/messages", method: .post, headers: headers, body: body)
            try await client.execute(uri: "/nowhere", method: .get)
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#"paxsim_http_requests_total{route="/health",method="GET",status="200"} 3"#))
                #expect(text.contains(#"paxsim_http_requests_total{route="/messages",method="POST",status="202"} 1"#))
                #expect(text.contains(#"status="404"} 1"#))
                #expect(text.contains(#"paxsim_http_request_duration_seconds_count{route="/health"} 3"#))
                #expect(text.contains(#"paxsim_http_request_duration_seconds_bucket{route="/health",le="+Inf"} 3"#))
            }
        }
        #expect(await server.metrics.count(route: "/health", method: "GET", status: 200) == 3)
    }

    @Test("POST /messages and GET /messages/{id} reach the intake with headers, body and requester")
    func routesToIntake() async throws {
        let (server, intake) = makeServer()
        try await server.makeApplication().test(.router) { client in
            let xml = "<TravelerManifest xmlns=\"urn:paxsim:api:v1\"/>"
            try await client.execute(uri: "/messages", method: .post,
                                     headers: try peers.headers(Array(xml.utf8), id: "m-42"),
                                     body: ByteBuffer(string: xml)) { response in
                #expect(response.status == .accepted)
                #expect(String(buffer: response.body) == "received \(xml.utf8.count) bytes")
                #expect(response.headers[.init("X-PaxSim-Message-Id")!] == "m-42")
            }
            let query: HTTPFields = [.init("Pax-Sender")!: "GT-IGM", .init("X-Test-Status")!: "ok"]
            try await client.execute(uri: "/messages/known-1", method: .get, headers: query) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "accepted")
            }
            try await client.execute(uri: "/messages/other", method: .get, headers: query) { response in #expect(response.status == .notFound) }
            try await client.execute(uri: "/messages/other", method: .get) { response in #expect(response.status == .unauthorized) }
            try await client.execute(uri: "/messages/bad%20id", method: .get) { response in #expect(response.status == .badRequest) }
        }
        let submissions = intake.submissions.withLock { $0 }
        #expect(submissions.count == 1)
        #expect(submissions.first?.messageId == "m-42")
        #expect(submissions.first?.sender == "SV-DGME")
        #expect(submissions.first.map { String(decoding: $0.payload, as: UTF8.self) }?.hasPrefix("<TravelerManifest") == true)
        let queries: [(String, String)] = intake.statusQueries.withLock { $0 }
        #expect(queries.map { $0.0 } == ["known-1", "other"])
        #expect(queries.first?.1 == "GT-IGM")
    }

    @Test("a signed length over the limit gets 413 and never reaches the intake")
    func declaredTooLarge() async throws {
        let (server, intake) = makeServer(maxBodyBytes: 1_024)
        try await server.makeApplication().test(.router) { client in
            let big = [UInt8](repeating: 0x41, count: 1_025), fits = [UInt8](repeating: 0x41, count: 1_024)
            try await client.execute(uri: "/messages", method: .post, headers: try peers.headers(big),
                                     body: ByteBuffer(bytes: big)) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains("exceeds the limit of 1024 bytes"))
            }
            try await client.execute(uri: "/messages", method: .post, headers: try peers.headers(fits),
                                     body: ByteBuffer(bytes: fits)) { response in
                #expect(response.status == .accepted)
            }
        }
        #expect(intake.submissions.withLock { $0.map(\.payload.count) } == [1_024])
    }

    @Test("a chunked body is refused as soon as it passes the signed length, long before it ends")
    func chunkedTooLarge() async throws {
        let limit = 64 * 1_024
        let (server, intake) = makeServer(maxBodyBytes: limit)
        try await server.makeApplication().test(.live) { client in
            let port = try #require(client.port)
            let fields = try peers.fields([UInt8](repeating: 0x41, count: limit))
            let outcome = try await RawConnection.off { try ChunkedUpload.send(port: port, fields: fields, chunkSize: 16 * 1_024, maximumBytes: 64 * 1_024 * 1_024) }
            #expect(outcome.response.hasPrefix("HTTP/1.1 400"), "\(outcome.response.prefix(200))")
            #expect(outcome.response.contains("digest-mismatch"))
            // The answer came while the client was still sending: the server did not wait for (or buffer) the rest.
            // (Bound: half the upload; kernel socket buffers on loopback hold a few MiB at most.)
            #expect(outcome.bytesSentBeforeResponse < 32 * 1_024 * 1_024, "sent \(outcome.bytesSentBeforeResponse) bytes first")
        }
        #expect(intake.submissions.withLock { $0.isEmpty })
    }

    @Test("each peer has its own token bucket, charged after its signature verifies: 429 with Retry-After once empty, refilled over time")
    func rateLimit() async throws {
        let clock = TestClock()
        let (server, intake) = makeServer(rate: .init(perSecond: 2, burst: 3), clock: clock)
        try await server.makeApplication().test(.router) { client in
            func post(_ sender: String = "SV-DGME") async throws -> HTTPResponse.Status {
                let (headers, body) = try signed("<m/>", sender: sender)
                return try await client.execute(uri: "/messages", method: .post, headers: headers, body: body).status
            }
            for _ in 0..<3 { #expect(try await post() == .accepted) }
            let (headers, body) = try signed("<m/>")
            try await client.execute(uri: "/messages", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "1")
            }
            try await client.execute(uri: "/messages/known-1", method: .get,
                                     headers: [.init("Pax-Sender")!: "SV-DGME", .init("X-Test-Status")!: "ok"]) { response in
                #expect(response.status == .tooManyRequests)
            }
            // Another peer is unaffected; health and metrics are never limited.
            #expect(try await post("GT-IGM") == .accepted)
            for _ in 0..<5 { try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) } }
            clock.advance(0.5)  // one token back at 2 per second
            #expect(try await post() == .accepted)
            #expect(try await post() == .tooManyRequests)
        }
        #expect(intake.submissions.withLock { $0.count } == 5)
        #expect(await server.metrics.count(route: "/messages", method: "POST", status: 429) == 2)
    }

    @Test("one log line per request with route and status; never the body")
    func logging() async throws {
        let store = CapturingLogHandler.Store()
        let logger = Logger(label: "paxsim-test") { _ in CapturingLogHandler(store: store) }
        let server = AgencyHTTPServer(
            options: .init(agency: "US-CBP", version: "test", port: 0, maxBodyBytes: 64, ratePerPeer: .init(perSecond: 1, burst: 1), peers: ["SV-DGME"]),
            intake: RecordingIntake(peers: peers), database: nil, logger: logger, clock: TestClock().read)
        let secretBody = "<Surname>SECRET-SURNAME</Surname>"
        try await server.makeApplication().test(.router) { client in
            for _ in 0..<2 {
                let (headers, body) = try signed(secretBody)
                try await client.execute(uri: "/messages", method: .post, headers: headers, body: body)
            }
            let long = String(repeating: secretBody, count: 4)
            try await client.execute(uri: "/messages", method: .post, headers: try peers.headers(Array(long.utf8), sender: "GT-IGM"),
                                     body: ByteBuffer(string: long))
        }
        let text = store.text
        #expect(text.contains("route=/messages"))
        #expect(text.contains("status=202"))
        #expect(text.contains("status=429"))
        #expect(text.contains("status=413"))
        #expect(!text.contains("SECRET-SURNAME"))
    }

    @Test("token buckets: refill is capped at the burst, and idle full buckets are dropped")
    func tokenBucket() async {
        let limiter = TokenBucketLimiter(perSecond: 10, burst: 2, compactionThreshold: 4)
        #expect(await limiter.take("a", now: 0) == .allowed)
        #expect(await limiter.take("a", now: 0) == .allowed)
        guard case .limited(let wait) = await limiter.take("a", now: 0) else { Issue.record("expected limited"); return }
        #expect(abs(wait - 0.1) < 1e-9)
        #expect(await limiter.take("a", now: 100) == .allowed)
        #expect(await limiter.take("a", now: 100) == .allowed)
        #expect(await limiter.take("a", now: 100) != .allowed)
        for key in ["b", "c", "d", "e"] { _ = await limiter.take(key, now: 100) }
        #expect(await limiter.trackedKeys <= 5)
        _ = await limiter.take("f", now: 1_000)
        #expect(await limiter.trackedKeys == 1)
    }
}

/// Sends a chunked POST over a raw socket, reading as it goes, until the server answers.
enum ChunkedUpload {
    struct Outcome {
        var response: String
        var bytesSentBeforeResponse: Int
    }

    static func send(port: Int, fields: [(String, String)] = [], chunkSize: Int, maximumBytes: Int) throws -> Outcome {
        let connection = try RawConnection(port: port)
        let head = RawConnection.head(fields: fields + [("Content-Type", "application/xml"), ("Transfer-Encoding", "chunked")])
        guard connection.send(head) else { throw POSIXError(.EPIPE) }
        let chunk = Array(String(chunkSize, radix: 16).utf8) + [13, 10] + [UInt8](repeating: 0x41, count: chunkSize) + [13, 10]
        var sent = 0
        while sent < maximumBytes {
            if let response = connection.read(wait: 0) { return Outcome(response: response, bytesSentBeforeResponse: sent) }
            guard connection.send(chunk) else { break }  // the server closed the connection: its answer is waiting
            sent += chunkSize
        }
        let response = connection.read(wait: RawConnection.answerWait) ?? ""
        return Outcome(response: response, bytesSentBeforeResponse: sent)
    }
}
