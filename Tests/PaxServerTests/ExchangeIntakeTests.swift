import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PaxExchange
import PaxMessages
import Testing
@testable import PaxServer

/// The live intake over a real agency (SQLite, in-process transport): duplicates, signed
/// status queries, the operator listener, and bounded peer responses.
@Suite("Exchange intake")
struct ExchangeIntakeTests {
    struct Fixture {
        let pair: LiveAgencyTests.Pair
        let us: LiveAgency
        let server: AgencyHTTPServer
        let usConfiguration: AgencyConfiguration
        let svKey: SigningKey

        init() async throws {
            pair = try LiveAgencyTests.Pair()
            us = try await pair.open("US-CBP")
            usConfiguration = try #require(pair.configurations["US-CBP"])
            svKey = try #require(pair.configurations["SV-DGME"]).signingKey
            var logger = Logger(label: "paxsim-test")
            logger.logLevel = .critical
            server = AgencyHTTPServer(
                options: .init(agency: "US-CBP", version: "test", port: 0, maxBodyBytes: 1 << 20,
                               ratePerPeer: .init(perSecond: 1_000, burst: 1_000), peers: ["SV-DGME"],
                               operatorListener: .loopback(host: "127.0.0.1", port: 0)),
                intake: ExchangeIntake(agency: us, configuration: try Self.intakeConfiguration(usConfiguration)), database: nil, logger: logger)
        }

        /// The pair's timing with a 60 s skew tolerance (and a replay window of at least 10
        /// minutes to allow it), so a loaded machine's delays (the whole suite in parallel on
        /// two cores starves a test for tens of seconds) do not make a fresh status query stale.
        static func intakeConfiguration(_ base: AgencyConfiguration) throws -> AgencyConfiguration {
            var configuration = base
            let timing = base.timing
            configuration.timing = try ExchangeTiming(retryBase: timing.retryBase, retryCap: timing.retryCap,
                                                      maxAttempts: timing.maxAttempts, replayWindow: max(timing.replayWindow, 600_000),
                                                      skewTolerance: 60_000, dedupWindow: timing.dedupWindow,
                                                      assessmentDeadline: timing.assessmentDeadline)
            return configuration
        }

        func close() async {
            await us.shutdown()
            pair.directory.remove()
        }

        func headers(_ fields: [(String, String)]) -> HTTPFields {
            var headers = HTTPFields()
            for (name, value) in fields { headers[.init(name)!] = value }
            return headers
        }

        func signed(_ payload: [UInt8], id: String, sender: String = "SV-DGME", key: SigningKey? = nil) throws -> HTTPFields {
            headers(try SignedMessage.signed(messageId: id, correlationId: "", sender: sender, receiver: "US-CBP",
                                             createdAt: LiveAgency.now(), payload: payload, key: key ?? svKey).headerFields)
        }
    }

    @Test("a duplicate of a 422 comes back 422 with x-paxsim-refusal, the same headers and the same bytes")
    func duplicateOfRefusal() async throws {
        let fixture = try await Fixture()
        try await fixture.server.makeApplication().test(.router) { client in
            let invalid = Array(#"<TravelerManifest xmlns="urn:paxsim:api:v1"><Header/></TravelerManifest>"#.utf8)
            let headers = try fixture.signed(invalid, id: "SV-DGME:MAN:BAD:1")
            let first = try await client.execute(uri: "/messages", method: .post, headers: headers, body: ByteBuffer(bytes: invalid))
            let second = try await client.execute(uri: "/messages", method: .post, headers: headers, body: ByteBuffer(bytes: invalid))
            #expect(first.status.code == 422)
            #expect(second.status == first.status)
            #expect(first.headers[.init("x-paxsim-refusal")!] == "schema-invalid")
            #expect(second.headers[.init("x-paxsim-refusal")!] == first.headers[.init("x-paxsim-refusal")!])
            #expect(second.headers[.init("x-paxsim-duplicate")!] == "true")
            #expect(first.body == second.body)
            for field in first.headers where field.name.canonicalName.hasPrefix("pax-") {
                #expect(second.headers[field.name] == field.value, "\(field.name)")
            }
        }
        await fixture.close()
    }

    @Test("status queries name the agency asked and a nonce: a replay, another target or a stale time is refused")
    func statusQueries() async throws {
        let fixture = try await Fixture()
        try await fixture.server.makeApplication().test(.router) { client in
            let query = try StatusRequestSignature.headers(messageId: "SV-DGME:MAN:1", sender: "SV-DGME", receiver: "US-CBP",
                                                           key: fixture.svKey)
            let first = try await client.execute(uri: "/messages/SV-DGME:MAN:1", method: .get, headers: fixture.headers(query))
            #expect(first.status == .notFound)
            let replay = try await client.execute(uri: "/messages/SV-DGME:MAN:1", method: .get, headers: fixture.headers(query))
            #expect(replay.status.code == 409)
            #expect(String(buffer: replay.body).contains("replayed-query"))
            let elsewhere = try StatusRequestSignature.headers(messageId: "SV-DGME:MAN:1", sender: "SV-DGME", receiver: "GT-IGM",
                                                               key: fixture.svKey)
            let misdirected = try await client.execute(uri: "/messages/SV-DGME:MAN:1", method: .get, headers: fixture.headers(elsewhere))
            #expect(misdirected.status.code == 421)
            // Older than the skew tolerance (60 s in this fixture), though well inside the messages' replay window.
            let stale = try StatusRequestSignature.headers(messageId: "SV-DGME:MAN:1", sender: "SV-DGME", receiver: "US-CBP",
                                                           key: fixture.svKey, now: LiveAgency.now() - 120_000)
            let late = try await client.execute(uri: "/messages/SV-DGME:MAN:1", method: .get, headers: fixture.headers(stale))
            #expect(late.status.code == 409)
            #expect(String(buffer: late.body).contains("outside-replay-window"))
            // The agency's own key is for the operator listener only.
            let own = try StatusRequestSignature.headers(messageId: "SV-DGME:MAN:1", sender: "US-CBP", receiver: "US-CBP",
                                                         key: fixture.usConfiguration.signingKey)
            let operatorOnPeer = try await client.execute(uri: "/messages/SV-DGME:MAN:1", method: .get, headers: fixture.headers(own))
            #expect(operatorOnPeer.status == .forbidden)
        }
        await fixture.close()
    }

    @Test("operator messages are served on the operator listener only, and a repeated one is answered from the first")
    func operatorListener() async throws {
        let fixture = try await Fixture()
        let manifest = try LiveAgencyTests.manifest(seed: 5, travelers: 2)
        var outgoing = manifest
        outgoing.header.sender = "US-CBP"
        outgoing.header.receiver = "SV-DGME"
        outgoing.header.messageId = "US-CBP:MAN:OP-1"
        let payload = try outgoing.xml()
        let message = try SignedMessage.signed(messageId: "OP:1", correlationId: "", sender: "US-CBP", receiver: "US-CBP",
                                               createdAt: LiveAgency.now(), payload: payload, key: fixture.usConfiguration.signingKey)
        let headers = fixture.headers(message.headerFields)
        try await fixture.server.makeApplication().test(.router) { client in
            let onPeer = try await client.execute(uri: "/operator/messages", method: .post, headers: headers, body: ByteBuffer(bytes: payload))
            #expect(onPeer.status == .notFound)
        }
        let operatorApp = try #require(fixture.server.makeOperatorApplication())
        try await operatorApp.test(.router) { client in
            let first = try await client.execute(uri: "/operator/messages", method: .post, headers: headers, body: ByteBuffer(bytes: payload))
            #expect(first.status == .accepted, "\(String(buffer: first.body))")
            #expect(String(buffer: first.body).contains("US-CBP:MAN:OP-1"))
            let again = try await client.execute(uri: "/operator/messages", method: .post, headers: headers, body: ByteBuffer(bytes: payload))
            #expect(again.status == first.status)
            #expect(again.body == first.body)
            #expect(again.headers[.init("x-paxsim-duplicate")!] == "true")
            // A peer's key does not work here.
            let forged = try SignedMessage.signed(messageId: "OP:2", correlationId: "", sender: "SV-DGME", receiver: "US-CBP",
                                                  createdAt: LiveAgency.now(), payload: payload, key: fixture.svKey)
            let byPeer = try await client.execute(uri: "/operator/messages", method: .post, headers: fixture.headers(forged.headerFields),
                                                  body: ByteBuffer(bytes: payload))
            #expect(byPeer.status == .forbidden)
        }
        #expect(await fixture.us.manifests().filter { $0.messageId == "US-CBP:MAN:OP-1" }.count == 1)
        await fixture.close()
    }

    @Test("after a restart a repeated operator message is recognised from the store: the first answer, nothing sent twice; another message under a used id is refused")
    func operatorRepeatAfterRestart() async throws {
        let pair = try LiveAgencyTests.Pair()
        defer { pair.directory.remove() }
        let configuration = try #require(pair.configurations["US-CBP"])
        var outgoing = try LiveAgencyTests.manifest(seed: 6, travelers: 2)
        outgoing.header.sender = "US-CBP"
        outgoing.header.receiver = "SV-DGME"
        outgoing.header.messageId = "US-CBP:MAN:OP-R"
        let traveller = try #require(outgoing.travelers.first)
        let document = try #require(traveller.documents.first)
        let request = AssistanceRequest(
            header: MessageHeader(messageId: "US-CBP:AST:OP-R", correlationId: nil, sender: "US-CBP", receiver: "SV-DGME",
                                  createdAt: ExchangeTimeText.timestamp(LiveAgency.now())),
            legalBasis: "Test agreement, art. 4", purpose: "Verification",
            query: .byDocument(DocumentQuery(documentType: document.type, documentNumber: document.number,
                                             issuingState: document.issuingState)))
        let payloads = [try outgoing.xml(), try request.xml()]
        let messages = try payloads.enumerated().map { index, payload in
            try SignedMessage.signed(messageId: "OP:R\(index)", correlationId: "", sender: "US-CBP", receiver: "US-CBP",
                                     createdAt: LiveAgency.now(), payload: payload, key: configuration.signingKey)
        }
        /// Posts every operator message to a freshly opened US-CBP (a new process: no answers in memory).
        func postAll(_ messages: [SignedMessage]) async throws -> [(status: HTTPResponse.Status, body: String, duplicate: String?)] {
            let us = try await pair.open("US-CBP")
            var logger = Logger(label: "paxsim-test")
            logger.logLevel = .critical
            let server = AgencyHTTPServer(
                options: .init(agency: "US-CBP", version: "test", port: 0, maxBodyBytes: 1 << 20,
                               ratePerPeer: .init(perSecond: 1_000, burst: 1_000), peers: ["SV-DGME"],
                               operatorListener: .loopback(host: "127.0.0.1", port: 0)),
                intake: ExchangeIntake(agency: us, configuration: try Fixture.intakeConfiguration(configuration)), database: nil,
                logger: logger)
            let answers = try await #require(server.makeOperatorApplication()).test(.router) { client in
                var answers: [(status: HTTPResponse.Status, body: String, duplicate: String?)] = []
                for message in messages {
                    var headers = HTTPFields()
                    for (name, value) in message.headerFields { headers[.init(name)!] = value }
                    let answer = try await client.execute(uri: "/operator/messages", method: .post, headers: headers,
                                                          body: ByteBuffer(bytes: message.payload))
                    answers.append((answer.status, String(buffer: answer.body), answer.headers[.init("x-paxsim-duplicate")!]))
                }
                return answers
            }
            await us.shutdown()
            return answers
        }
        let first = try await postAll(messages)
        #expect(first.map(\.status) == [.accepted, .accepted], "\(first)")
        #expect(first.allSatisfy { $0.duplicate == nil })
        let again = try await postAll(messages)
        #expect(again.map(\.status) == [.accepted, .accepted], "\(again)")
        #expect(again.map(\.body) == first.map(\.body))
        #expect(again.allSatisfy { $0.duplicate == "true" })
        let outbox = try SQLiteExchangeStore(database: try pair.database("US-CBP")).snapshot().outbox
        #expect(outbox.keys.sorted() == ["US-CBP:AST:OP-R", "US-CBP:MAN:OP-R"])
        // Other contents under the manifest's id, the request's id used for a manifest: refused, nothing sent.
        var changed = outgoing
        changed.travelers[0].surname = "OTHERNAME"
        var squatter = outgoing
        squatter.header.messageId = "US-CBP:AST:OP-R"
        let refusedMessages = try [changed, squatter].enumerated().map { index, manifest in
            try SignedMessage.signed(messageId: "OP:X\(index)", correlationId: "", sender: "US-CBP", receiver: "US-CBP",
                                     createdAt: LiveAgency.now(), payload: try manifest.xml(), key: configuration.signingKey)
        }
        let refused = try await postAll(refusedMessages)
        #expect(refused.map(\.status) == [.conflict, .conflict], "\(refused)")
        #expect(try SQLiteExchangeStore(database: try pair.database("US-CBP")).snapshot().outbox.count == 2)
    }

    @Test("a peer's response is read only up to the configured size")
    func peerResponseBounded() async throws {
        let router = Router()
        router.post("/messages") { _, _ in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(repeating: 0x41, count: 200_000)))
        }
        try await Application(router: router).test(.live) { client in
            let port = try #require(client.port)
            let small = HTTPPeerTransport(agency: "US-CBP", peers: PeerDirectory(["SV-DGME": "http://127.0.0.1:\(port)"]),
                                          maxResponseBytes: 64 * 1_024)
            let frame = WireFrame.encode(try SignedMessage.signed(messageId: "m", correlationId: "", sender: "US-CBP", receiver: "SV-DGME",
                                                                  createdAt: LiveAgency.now(), payload: Array("<m/>".utf8),
                                                                  key: SigningKey.random()))
            let result = await small.deliver(frame, to: "SV-DGME")
            await small.shutdown()
            guard case .failed(let detail) = result else {
                Issue.record("an oversized response was accepted: \(result)")
                return
            }
            #expect(detail.contains("200000") || detail.contains("65536"), "\(detail)")
            let large = HTTPPeerTransport(agency: "US-CBP", peers: PeerDirectory(["SV-DGME": "http://127.0.0.1:\(port)"]),
                                          maxResponseBytes: 1 << 20)
            #expect(await large.deliver(frame, to: "SV-DGME") == .accepted)
            await large.shutdown()
        }
    }
}
