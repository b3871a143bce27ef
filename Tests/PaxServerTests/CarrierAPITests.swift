import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PaxEDIFACT
import PaxEDIFACTMapping
import PaxExchange
import PaxGenerator
import PaxMessages
import PaxRisk
import Synchronization
import Testing
@testable import PaxServer

/// The carrier API of SV-DGME: real live agencies (SV-DGME and US-CBP over an in-process
/// transport, SQLite files), SV-DGME's HTTP routes driven through Hummingbird's test client.
@Suite("Carrier API")
struct CarrierAPITests {
    static let token = "ta-secret-token-1"
    static let otherToken = "xy-secret-token-2"

    /// SV-DGME with a carrier desk for TA (and XY), US-CBP screening with a watch list that
    /// holds two of the manifest's travellers: one NoBoard, one Inspect.
    struct World {
        let directory: TemporaryDirectory
        let transport = LiveAgencyTests.LoopTransport()
        let configurations: [String: AgencyConfiguration]
        let manifest: TravelerManifest
        let watched: (noBoard: String, inspect: String)
        let callback: String?
        var database: AgencyDatabase
        var sv: LiveAgency
        let us: LiveAgency
        var desk: CarrierDesk
        var server: AgencyHTTPServer

        init(callback: String? = nil, linkUp: Bool = true) async throws {
            directory = try TemporaryDirectory()
            manifest = try LiveAgencyTests.manifest(seed: 21, travelers: 6)
            let noBoard = manifest.travelers[1], inspect = manifest.travelers[4]
            let list = WatchList(listId: "TEST", issuedAt: nil, entries: [
                WatchListEntry(id: "W-1", category: .wanted, action: .noBoard,
                               names: [WatchListName(surname: noBoard.surname, givenNames: noBoard.givenNames)],
                               birthDate: .exact(noBoard.dateOfBirth), nationalities: [noBoard.nationality]),
                WatchListEntry(id: "W-2", category: .sanctions, action: .inspect,
                               names: [WatchListName(surname: inspect.surname, givenNames: inspect.givenNames)],
                               birthDate: .exact(inspect.dateOfBirth), nationalities: [inspect.nationality]),
            ])
            watched = (noBoard.reference, inspect.reference)
            self.callback = callback
            let timing = try ExchangeTiming(retryBase: 50, retryCap: 200, maxAttempts: 20_000, replayWindow: 10_000_000,
                                            skewTolerance: 1_000, dedupWindow: 30_000_000, assessmentDeadline: 10_000_000)
            let svKey = SigningKey.random(), usKey = SigningKey.random()
            configurations = [
                "SV-DGME": AgencyConfiguration(
                    id: "SV-DGME", signingKey: svKey, territory: ["SAL"],
                    peers: [Peer(id: "US-CBP", publicKey: usKey.publicKey, territory: ["IAH", "MIA"])],
                    timing: timing, screening: RiskEngine(screener: nil)),
                "US-CBP": AgencyConfiguration(
                    id: "US-CBP", signingKey: usKey, territory: ["IAH", "MIA"],
                    peers: [Peer(id: "SV-DGME", publicKey: svKey.publicKey, territory: ["SAL"])],
                    timing: timing, screening: RiskEngine(screener: WatchListScreener(watchList: list))),
            ]
            transport.up.withLock { $0 = linkUp }
            us = try await Self.open("US-CBP", configurations, directory, transport)
            (sv, database, desk, server) = try await Self.openSV(configurations, directory, transport, callback: callback)
        }

        static func open(_ id: String, _ configurations: [String: AgencyConfiguration], _ directory: TemporaryDirectory,
                         _ transport: LiveAgencyTests.LoopTransport) async throws -> LiveAgency {
            let configuration = try #require(configurations[id])
            let agency = try LiveAgency(configuration: configuration, database: try AgencyDatabase.open(path: directory.file("\(id).sqlite")),
                                        transport: transport, logger: Logger(label: "test"))
            transport.agencies.withLock { $0[id] = agency }
            await agency.start()
            return agency
        }

        static func openSV(_ configurations: [String: AgencyConfiguration], _ directory: TemporaryDirectory,
                           _ transport: LiveAgencyTests.LoopTransport,
                           callback: String?) async throws -> (LiveAgency, AgencyDatabase, CarrierDesk, AgencyHTTPServer) {
            let sv = try await open("SV-DGME", configurations, directory, transport)
            let database = try AgencyDatabase.open(path: directory.file("SV-DGME.sqlite"))
            var logger = Logger(label: "carrier-test")
            logger.logLevel = .critical
            let desk = CarrierDesk(agencyId: "SV-DGME", accounts: accounts(callback: callback), database: database, agency: sv,
                                   logger: logger, callbackAttempts: 6, callbackBaseDelay: .milliseconds(50))
            await desk.start(sweepInterval: .milliseconds(50))
            var server = AgencyHTTPServer(
                options: .init(agency: "SV-DGME", version: "test", port: 0, maxBodyBytes: 1 << 20,
                               ratePerPeer: .init(perSecond: 1_000, burst: 1_000), peers: ["US-CBP"]),
                intake: ExchangeIntake(agency: sv, configuration: try #require(configurations["SV-DGME"])),
                database: database, logger: logger)
            server.carrierDesk = desk
            return (sv, database, desk, server)
        }

        /// Stops SV-DGME and its desk and opens them again over the same database (a restart).
        mutating func restartSV() async throws {
            await desk.shutdown()
            await sv.shutdown()
            (sv, database, desk, server) = try await Self.openSV(configurations, directory, transport, callback: callback)
        }

        static func accounts(callback: String?) -> [CarrierAccount] {
            [CarrierAccount(carrier: "TA", tokenDigest: CarrierAccount.bytes(hex: CarrierAccount.digestHex(ofToken: token)) ?? [],
                            peer: "US-CBP", callbackURL: callback),
             CarrierAccount(carrier: "XY", tokenDigest: CarrierAccount.bytes(hex: CarrierAccount.digestHex(ofToken: otherToken)) ?? [],
                            peer: "US-CBP")]
        }

        /// The PAXLST interchange of the manifest under interchange reference `reference`.
        func paxlst(reference: String = "TA0001") throws -> [UInt8] {
            let written = try PAXLSTWriter().write(manifest)
            return try Self.replacingReference(written, with: reference)
        }

        static func replacingReference(_ bytes: [UInt8], with reference: String) throws -> [UInt8] {
            let read = try InterchangeInput.read(bytes)
            let old = try #require(read.interchanges.first?.controlReference)
            var text = String(decoding: bytes, as: UTF8.self)
            // UNB's 0020 and UNZ's repeat of it.
            text = text.replacingOccurrences(of: "+\(old)+", with: "+\(reference)+")
            text = text.replacingOccurrences(of: "+\(old)'", with: "+\(reference)'")
            return Array(text.utf8)
        }

        func shutdown() async {
            await desk.shutdown()
            await sv.shutdown()
            await us.shutdown()
            directory.remove()
        }
    }
}

extension CarrierAPITests {
    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: [UInt8]
    }

    static func post(_ client: some TestClientProtocol, _ body: [UInt8], token: String? = CarrierAPITests.token) async throws -> Answer {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer " + token }
        headers[.contentType] = "application/edifact"
        let response = try await client.execute(uri: "/carrier/paxlst", method: .post, headers: headers, body: ByteBuffer(bytes: body))
        return Answer(status: response.status, headers: response.headers, body: Array(response.body.readableBytesView))
    }

    static func get(_ client: some TestClientProtocol, _ reference: String, token: String = CarrierAPITests.token) async throws -> Answer {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer " + token
        let response = try await client.execute(uri: "/carrier/responses/" + reference, method: .get, headers: headers)
        return Answer(status: response.status, headers: response.headers, body: Array(response.body.readableBytesView))
    }

    static func contrl(_ bytes: [UInt8]) throws -> ControlReport {
        try #require(try InterchangeInput.read(bytes).messages.compactMap(ControlReport.init).first)
    }

    static func cusres(_ bytes: [UInt8]) throws -> CUSRESResponse {
        try #require(try InterchangeInput.read(bytes).messages.compactMap(CUSRESResponse.init).first)
    }

    /// Asks until the CUSRES is there (or fails the test after a long while: other suites may hold the CPU).
    static func waitForCUSRES(_ client: some TestClientProtocol, _ reference: String) async throws -> [UInt8] {
        let deadline = ContinuousClock.now + .seconds(240)
        while true {
            let answer = try await get(client, reference)
            if answer.status == .ok { return answer.body }
            #expect(answer.status == .accepted, "\(String(decoding: answer.body, as: UTF8.self))")
            guard answer.status == .accepted, ContinuousClock.now < deadline else {
                Issue.record("no CUSRES for \(reference)")
                return []
            }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    static func rows(_ database: AgencyDatabase) async throws -> Int {
        try await database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM carrier_interchange") ?? -1 }
    }

    static func audit(_ database: AgencyDatabase, _ kind: AuditKind) async throws -> [AuditRecord] {
        try await AuditLog(database: database).records().filter { $0.kind == kind }
    }

    @Test("configuration: carriers with token digests, peer and callback; mistakes named with file, line and key")
    func configuration() throws {
        func config(_ carriers: String) -> [UInt8] {
            Array("""
                {"agency": "SV-DGME", "listen": {"port": 0}, "database": "sv.sqlite", "privateKey": "sv.key",
                 "peers": [{"agency": "US-CBP", "url": "http://127.0.0.1:1", "publicKey": "us.pub"}],
                 "carriers": \(carriers)}
                """.utf8)
        }
        let digest = CarrierAccount.digestHex(ofToken: "t")
        let read = try AgencyServiceConfiguration(json: config(#"[{"carrier": "TA", "tokenSha256": "\#(digest)", "callback": "http://127.0.0.1:9/c"}]"#), path: "/c/sv.json")
        #expect(read.carriers == [CarrierAccount(carrier: "TA", tokenDigest: CarrierAccount.bytes(hex: digest) ?? [], peer: "US-CBP",
                                                 callbackURL: "http://127.0.0.1:9/c")])
        let failures: [(String, String)] = [
            (#"[{"carrier": "TA", "tokenSha256": "abc"}]"#, "carriers[0].tokenSha256"),
            (#"[{"carrier": "T A", "tokenSha256": "\#(digest)"}]"#, "carriers[0].carrier"),
            (#"[{"carrier": "TA", "tokenSha256": "\#(digest)", "peer": "GT-IGM"}]"#, "carriers[0].peer"),
            (#"[{"carrier": "TA", "tokenSha256": "\#(digest)", "callback": "ftp://x"}]"#, "carriers[0].callback"),
            (#"[{"carrier": "TA", "tokenSha256": "\#(digest)"}, {"carrier": "TB", "tokenSha256": "\#(digest)"}]"#, "carriers[1].tokenSha256"),
            (#"[{"carrier": "TA", "tokenSha256": "\#(digest)", "token": "t"}]"#, "carriers[0].token"),
        ]
        for (carriers, keyPath) in failures {
            #expect(throws: ConfigurationError.self, "\(carriers)") { try AgencyServiceConfiguration(json: config(carriers), path: "/c/sv.json") }
            do {
                _ = try AgencyServiceConfiguration(json: config(carriers), path: "/c/sv.json")
            } catch {
                #expect(error.keyPath == keyPath && error.line == 3, "\(error)")
            }
        }
    }

    @Test("a request without the carrier's token is refused from its head (401, connection closed); nothing is stored or forwarded")
    func refusedWithoutToken() async throws {
        let world = try await World()
        defer { Task { await world.shutdown() } }
        let body = try world.paxlst()
        try await world.server.makeApplication().test(.router) { client in
            for token in [nil, "wrong-token", Self.otherToken + "x"] as [String?] {
                let answer = try await Self.post(client, body, token: token)
                #expect(answer.status == .unauthorized)
                #expect(answer.headers[.connection] == "close")
                #expect(String(decoding: answer.body, as: UTF8.self).contains("bad-carrier-token"))
            }
            var headers = HTTPFields()
            headers[.authorization] = "Basic " + Self.token
            let fetched = try await client.execute(uri: "/carrier/responses/TA0001", method: .get, headers: headers)
            #expect(fetched.status == .unauthorized)
        }
        #expect(try await Self.rows(world.database) == 0)
        #expect(try await Self.audit(world.database, .carrierReceipt).isEmpty)
        #expect(await world.sv.manifests().isEmpty)
    }

    @Test("an interchange over maxBodyBytes is refused with 413 and nothing is stored")
    func oversized() async throws {
        let world = try await World()
        defer { Task { await world.shutdown() } }
        let written = try world.paxlst(reference: "TA0007")
        let body = written + Array(repeating: UInt8(ascii: " "), count: (1 << 20) + 1 - written.count)
        try await world.server.makeApplication().test(.router) { client in
            let answer = try await Self.post(client, body)
            #expect(answer.status == .contentTooLarge)
            #expect(String(decoding: answer.body, as: UTF8.self).contains("body-too-large"))
        }
        #expect(try await Self.rows(world.database) == 0)
        #expect(await world.sv.manifests().isEmpty)
    }

    @Test("a PAXLST gets CONTRL 7 at once and, once US-CBP assessed it, a CUSRES with 1Z and 2Z for exactly the watched travellers; duplicates get the first CONTRL byte for byte")
    func acknowledgedAndAnswered() async throws {
        let world = try await World()
        defer { Task { await world.shutdown() } }
        let body = try world.paxlst(reference: "TA0001")
        try await world.server.makeApplication().test(.router) { client in
            let first = try await Self.post(client, body)
            #expect(first.status == .ok)
            #expect(first.headers[.init("x-paxsim-carrier-reference")!] == "TA0001")
            let report = try Self.contrl(first.body)
            #expect(report.action == .acknowledged && report.interchangeReference == "TA0001")
            #expect(report.messages.map(\.action) == [.acknowledged] && report.messages.first?.type == "PAXLST")
            // The CONTRL goes back to the sender of the interchange.
            let received = try #require(try InterchangeInput.read(body).interchanges.first)
            #expect(report.sender == received.sender && report.recipient == received.recipient)

            let again = try await Self.post(client, body)
            #expect(again.status == .ok && again.body == first.body)
            #expect(again.headers[.init("x-paxsim-duplicate")!] == "true")
            // Another carrier does not see TA's interchange; an unknown reference is 404.
            #expect(try await Self.get(client, "TA0001", token: Self.otherToken).status == .notFound)
            #expect(try await Self.get(client, "TA9999").status == .notFound)
            #expect(try await Self.get(client, "TA-1").status == .badRequest)

            let cusresBytes = try await Self.waitForCUSRES(client, "TA0001")
            let cusres = try Self.cusres(cusresBytes)
            #expect(cusres.transactionReference == world.manifest.header.messageId)
            #expect(cusres.legs.map(\.flight) == [world.manifest.flight.carrier + world.manifest.flight.flightNumber])
            #expect(cusres.travelers.map(\.reference) == world.manifest.travelers.map(\.reference))
            for answer in cusres.travelers {
                let expected: CUSRESResponse.Decision = answer.reference == world.watched.noBoard ? .doNotBoard
                    : answer.reference == world.watched.inspect ? .advisory : .board
                #expect(answer.decision == expected, "\(answer.reference)")
            }
            // Fetched again: the same bytes.
            #expect(try await Self.get(client, "TA0001").body == cusresBytes)
            // After the answer a duplicate is still the first CONTRL.
            #expect(try await Self.post(client, body).body == first.body)
        }
        let manifests = await world.sv.manifests()
        #expect(manifests.map(\.messageId) == ["SV-DGME:CAR:TA:TA0001"])
        #expect(manifests.first?.state == .assessed)
        #expect(await world.us.manifests().count == 1)
        #expect(try await Self.audit(world.database, .carrierReceipt).map { $0.details["outcome"] ?? "" } == ["forwarded", "duplicate", "duplicate"])
        #expect(try await Self.audit(world.database, .contrlSent).count == 1)
        // The interchange is kept as received (once, not per duplicate) for the operators' console.
        let copies = try await world.database.pool.read { db in
            try ReceivedCopies.copies(submitter: "SV-DGME", messageId: "SV-DGME:CAR:TA:TA0001", in: db)
        }
        #expect(copies.map(\.kind) == [.paxlst] && copies.first?.bytes == body)
        let sent = try await Self.audit(world.database, .cusresSent)
        #expect(sent.map { $0.details["delivery"] ?? "" } == ["kept", "fetched", "fetched"])
        #expect(sent.first?.details["1Z"] == "1" && sent.first?.details["2Z"] == "1" && sent.first?.details["0Z"] == "4")
        #expect(try await AuditLog(database: world.database).verify().isIntact)
    }

    @Test("bad syntax and a message that is not PAXLST get a rejecting CONTRL naming the fault, a list that is no manifest an ERP+1 CUSRES; nothing is forwarded; a repeat gets the same CONTRL")
    func rejected() async throws {
        let world = try await World()
        defer { Task { await world.shutdown() } }
        let wrongType = Array("UNA:+.? 'UNB+UNOA:4+TA+SVDGME+260314:0800+TA0002'UNH+1+CUSCAR:D:05B:UN:IATA'BGM+745'UNT+3+1'UNZ+1+TA0002'".utf8)
        let wrongCount = Array("UNA:+.? 'UNB+UNOA:4+TA+SVDGME+260314:0800+TA0003'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+3+1'UNZ+2+TA0003'".utf8)
        let truncated = Array("UNB+UNOA:4+TA+SVDGME+260314:0800+TA0004'UNH+1+PAXLST:D:05B:UN:IATA'BGM+7?".utf8)
        try await world.server.makeApplication().test(.router) { client in
            let first = try await Self.post(client, wrongType)
            #expect(first.status == .unprocessableContent)
            let report = try Self.contrl(first.body)
            #expect(report.action == .rejected && report.interchangeReference == "TA0002")
            #expect(report.messages.first?.action == .rejected)
            let codes = (report.messages.first?.segments ?? []).flatMap { [$0.error].compactMap { $0 } + $0.elements.map(\.error) }
                + [report.messages.first?.error].compactMap { $0 }
            #expect(codes.contains("12"), "\(report)")
            #expect(try await Self.post(client, wrongType).body == first.body)
            #expect(try await Self.get(client, "TA0002").status == .notFound)

            // A count that does not match is acknowledged with its code (29), as gateways do; the
            // list (a BGM and nothing else) is no manifest, so its CUSRES says so at once (ERP+1).
            let counted = try Self.contrl(try await Self.post(client, wrongCount).body)
            #expect(counted.action == .acknowledged && counted.error == "29" && counted.serviceSegment == "UNZ", "\(counted)")
            let refused = try Self.cusres(try await Self.waitForCUSRES(client, "TA0003"))
            #expect(refused.travelers.isEmpty && refused.errors.count == 1)
            #expect(refused.errors.first?.code == "4Z" && refused.errors.first?.text.isEmpty == false)

            let cut = try await Self.post(client, truncated)
            #expect(cut.status == .unprocessableContent)
            #expect(try Self.contrl(cut.body).action == .rejected)
        }
        #expect(await world.sv.manifests().isEmpty)
        #expect(try await Self.audit(world.database, .contrlSent).count == 3)
        #expect(try await AuditLog(database: world.database).verify().isIntact)
    }

    @Test("SV-DGME restarted between the CONTRL and the assessment: the CUSRES comes once, the manifest reached US-CBP once")
    func restartInTheMiddle() async throws {
        var world = try await World(linkUp: false)
        let body = try world.paxlst(reference: "TA0005")
        let first = try await world.server.makeApplication().test(.router) { client in try await Self.post(client, body) }
        #expect(first.status == .ok)
        try await world.restartSV()
        world.transport.up.withLock { $0 = true }
        let server = world.server
        let noBoard = world.watched.noBoard
        try await server.makeApplication().test(.router) { client in
            let again = try await Self.post(client, body)
            #expect(again.body == first.body && again.headers[.init("x-paxsim-duplicate")!] == "true")
            let cusres = try Self.cusres(try await Self.waitForCUSRES(client, "TA0005"))
            #expect(cusres.travelers.filter { $0.decision == .doNotBoard }.map(\.reference) == [noBoard])
        }
        #expect(await world.us.manifests().count == 1)
        #expect(try await Self.audit(world.database, .cusresSent).filter { $0.details["delivery"] == "kept" }.count == 1)
        await world.shutdown()
    }

    @Test("the CUSRES is pushed to the carrier's callback and retried until it is taken")
    func callback() async throws {
        let calls = Mutex<[[UInt8]]>([])
        let router = Router()
        router.post("/cusres") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let count = calls.withLock { list in
                list.append(Array(body.readableBytesView))
                return list.count
            }
            return Response(status: count < 3 ? .serviceUnavailable : .ok)
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { callbackClient in
            let port = try #require(callbackClient.port)
            let world = try await World(callback: "http://127.0.0.1:\(port)/cusres")
            let body = try world.paxlst(reference: "TA0006")
            try await world.server.makeApplication().test(.router) { client in
                #expect(try await Self.post(client, body).status == .ok)
                let cusres = try await Self.waitForCUSRES(client, "TA0006")
                let deadline = ContinuousClock.now + .seconds(120)
                while calls.withLock({ $0.count }) < 3 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                try await Task.sleep(for: .milliseconds(300))
                let received = calls.withLock { $0 }
                #expect(received.count == 3)
                #expect(received.allSatisfy { $0 == cusres })
            }
            let pushed = try await Self.audit(world.database, .cusresSent).filter { $0.details["delivery"] == "callback" }
            #expect(pushed.map { $0.details["attempt"] ?? "" } == ["3"])
            await world.shutdown()
        }
    }
}
