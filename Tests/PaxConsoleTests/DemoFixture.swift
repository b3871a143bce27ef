import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import NIOCore
import PaxConsole
import PaxDemo
import PaxExchange
import PaxServer
import Synchronization
import Testing

/// The suites that run a demo in process, one at a time (each demo is two agencies with
/// their timers and listeners; two at once on a loaded machine only slow each other).
@Suite(.serialized) struct ConsoleDemoSuites {}

/// A running `demo --web` in process (fast pacing) until a traveller has been flagged; the
/// body gets it, then the demo stops.
enum DemoFixture {
    struct Flagged: Sendable {
        var agency: WebDemo.Agency
        /// The agency that received the manifest and screened it.
        var peer: WebDemo.Agency
        var messageId: String
        var reference: String
        var carrierAndFlight: String

        var travellerPath: String { "/traveller?" + query([("submitter", agency.id), ("id", messageId), ("ref", reference)]) }
        var manifestPath: String { "/manifest?" + query([("submitter", agency.id), ("id", messageId)]) }
        /// The same pages (same submitter, id and reference) on the receiving agency's console.
        var peerTravellerPath: String { travellerPath }
        var peerManifestPath: String { manifestPath }
    }

    static func with(_ body: @Sendable (WebDemo.Running, Flagged) async throws -> Void) async throws {
        var options = WebDemo.Options()
        options.seed = 11
        options.interval = 0.2
        options.duration = 120
        options.travelersPerFlight = 12
        options.flights = 24
        let holder = RunningHolder()
        let settings = options
        let demo = Task {
            try await WebDemo.run(settings, handleSignals: false, print: { _ in }, onReady: { running in
                holder.value.withLock { $0 = running }
            })
        }
        // Stops the demo as `paxsim demo --web` stops on Ctrl-C: the services shut down gracefully.
        func stop() async {
            for agency in holder.value.withLock({ $0 })?.agencies ?? [] { await agency.service.stop() }
        }
        do {
            let running = try await wait("the demo starts") { holder.value.withLock { $0 } }
            let flagged = try await wait("a traveller is flagged") { await flaggedTraveller(running) }
            try await body(running, flagged)
        } catch {
            await stop()
            demo.cancel()
            _ = await demo.result
            throw error
        }
        await stop()
        _ = try await demo.value
    }

    /// An own manifest's traveller that the peer did not clear, once both agencies' overviews
    /// (what the consoles read) hold it: the sender's from the assessment, the receiver's from its screening.
    static func flaggedTraveller(_ running: WebDemo.Running) async -> Flagged? {
        for agency in running.agencies {
            guard let peer = running.agencies.first(where: { $0.id != agency.id }),
                  let database = agency.service.database, let peerDatabase = peer.service.database,
                  let found = try? await database.pool.read({ db -> [String] in
                      guard let row = try Row.fetchOne(db, sql: """
                          SELECT message_id, traveller_ref FROM overview_traveller WHERE submitter = ? AND outcome <> 'Cleared'
                          ORDER BY message_id, traveller_ref LIMIT 1
                          """, arguments: [agency.id]) else { return [] }
                      return [row["message_id"] ?? "", row["traveller_ref"] ?? ""]
                  }),
                  found.count == 2, let messageId = found.first, let reference = found.last,
                  let screened = try? await peerDatabase.pool.read({ db in
                      try Bool.fetchOne(db, sql: """
                          SELECT 1 FROM overview_traveller WHERE submitter = ? AND message_id = ? AND traveller_ref = ? AND explanation IS NOT NULL
                          """, arguments: [agency.id, messageId, reference])
                  }), screened == true,
                  let record = try? SQLiteExchangeStore(database: database).manifest(MessageKey(sender: agency.id, messageId: messageId))
            else { continue }
            return Flagged(agency: agency, peer: peer, messageId: messageId, reference: reference,
                           carrierAndFlight: "\(record.flight.carrier) \(record.flight.flightNumber)")
        }
        return nil
    }

    static func wait<T: Sendable>(_ what: String, seconds: Int = 180, _ probe: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw FixtureError("timed out waiting until \(what)")
    }

    static func query(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#?/")
        return pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }
}

final class RunningHolder: Sendable {
    let value = Mutex<WebDemo.Running?>(nil)
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A browser-like client of one console's router: keeps the session cookie, reads the CSRF value.
struct ConsoleClient {
    let client: any TestClientProtocol
    var cookie: String?

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
    }

    mutating func login(token: String, name: String = "auditor") async throws -> Page {
        let page = try await post("/login", form: [("operator", name), ("token", token)])
        if let set = page.headers[.setCookie], let pair = set.split(separator: ";").first {
            cookie = String(pair)
        }
        return page
    }

    func get(_ path: String, headers extra: HTTPFields = [:]) async throws -> Page {
        var headers = extra
        if let cookie { headers[.cookie] = cookie }
        let response = try await client.execute(uri: path, method: .get, headers: headers, body: nil)
        return Page(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    func post(_ path: String, form: [(String, String)], headers extra: HTTPFields = [:]) async throws -> Page {
        var headers = extra
        headers[.contentType] = "application/x-www-form-urlencoded"
        if let cookie { headers[.cookie] = cookie }
        let response = try await client.execute(uri: path, method: .post, headers: headers,
                                                body: ByteBuffer(string: DemoFixture.query(form)))
        return Page(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    /// The CSRF value in a page's forms.
    static func csrf(in page: Page) -> String? {
        guard let range = page.text.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(page.text[range.upperBound...].prefix { $0 != "\"" })
    }
}

extension WebDemo.Agency {
    /// The console's routes in process (HummingbirdTesting's router client).
    func testConsole(_ body: @Sendable (ConsoleClient) async throws -> Void) async throws {
        try await Application(router: console.server.makeRouter()).test(.router) { client in
            try await body(ConsoleClient(client: client))
        }
    }

    func auditRecords() async throws -> [AuditRecord] {
        try await AuditLog(database: try #require(service.database)).records()
    }
}
