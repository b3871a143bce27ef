import Foundation
import PaxTestSupport
import GRDB
import PaxExchange
import PaxMessages
import Testing
@testable import PaxServer

/// Two real `paxsim agency serve` processes on 127.0.0.1, each with its own key, SQLite
/// database and configuration, exchanging manifests made by `paxsim generate` and handed in
/// with `paxsim agency submit`.
@Suite("Live agencies end to end", .serialized)
struct LiveAgencyEndToEndTests {
    struct Setup {
        let directory: URL
        let ports: [String: Int]
        let sv: AgencyProcess
        let us: AgencyProcess

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        init(maxBodyBytes: Int = 1_048_576) throws {
            directory = try Paxsim.temporaryDirectory()
            let keys = directory.appendingPathComponent("keys").path
            try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
            for agency in ["SV-DGME", "US-CBP"] {
                let made = try Paxsim.run(["keys", "generate", "--agency", agency, "--out", keys])
                #expect(made.status == 0, "\(made.all)")
            }
            ports = ["SV-DGME": try FreePort.find(), "US-CBP": try FreePort.find()]
            let territories = ["SV-DGME": ["SAL"], "US-CBP": ["IAH", "JFK", "MIA"]]
            for (agency, peer) in [("SV-DGME", "US-CBP"), ("US-CBP", "SV-DGME")] {
                let json = """
                    {
                      "agency": "\(agency)",
                      "territory": \(Self.list(territories[agency] ?? [])),
                      "listen": { "host": "127.0.0.1", "port": \(ports[agency] ?? 0) },
                      "database": "\(agency).sqlite",
                      "privateKey": "keys/\(agency).key",
                      "peers": [ { "agency": "\(peer)", "url": "http://127.0.0.1:\(ports[peer] ?? 0)",
                                   "publicKey": "keys/\(peer).pub", "territory": \(Self.list(territories[peer] ?? [])) } ],
                      "limits": { "maxBodyBytes": \(maxBodyBytes), "replayWindowSeconds": 1200,
                                  "ratePerPeer": { "perSecond": 5000, "burst": 5000 } },
                      "timing": { "retryBaseMilliseconds": 200, "retryCapMilliseconds": 2000, "maxAttempts": 300,
                                  "assessmentDeadlineSeconds": 1200 }
                    }
                    """
                try Data(json.utf8).write(to: directory.appendingPathComponent("\(agency).json"))
            }
            sv = AgencyProcess(name: "SV-DGME", configPath: directory.appendingPathComponent("SV-DGME.json").path)
            us = AgencyProcess(name: "US-CBP", configPath: directory.appendingPathComponent("US-CBP.json").path)
        }

        static func list(_ codes: [String]) -> String { "[" + codes.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }

        func start() async throws {
            try sv.start()
            try us.start()
            try await sv.waitUntilListening()
            try await us.waitUntilListening()
        }

        /// Manifest states at `agency` (read from its database while it runs: WAL readers do not block).
        func manifestStates(_ agency: String) throws -> [String: String] {
            let queue = try DatabaseQueue(path: path("\(agency).sqlite"), configuration: { var c = Configuration(); c.readonly = true; return c }())
            return try queue.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT message_id, state FROM exchange_manifest").map {
                    ($0["message_id"] as String, $0["state"] as String)
                })
            }
        }

        func waitForStates(_ agency: String, count: Int, seconds: Double, _ done: (String) -> Bool) async throws -> [String: String] {
            let deadline = Date().addingTimeInterval(seconds)
            var states: [String: String] = [:]
            while true {
                states = (try? manifestStates(agency)) ?? [:]
                if states.count >= count && states.values.allSatisfy(done) { return states }
                if Date() >= deadline { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            return states
        }

        func signingKey(_ agency: String) throws -> SigningKey {
            try AgencyKeyPair.load(path: path("keys/\(agency).key")).exchangeSigningKey()
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test("the full exchange between two processes; forged, replayed, misaddressed and oversized messages refused with their codes; audit chains verify")
    func fullExchangeAndRefusals() async throws {
        let setup = try Setup()
        defer { setup.sv.stop(); setup.us.stop(); setup.remove() }
        try await setup.start()
        let manifests = setup.path("manifests")
        let generated = try Paxsim.run(["generate", "--seed", "11", "--flights", "3", "--travelers", "8", "--from", "SAL",
                                        "--to", "IAH", "--out", manifests])
        #expect(generated.status == 0, "\(generated.all)")
        let submitted = try Paxsim.run(["agency", "submit", "--config", setup.sv.configPath, manifests])
        #expect(submitted.status == 0, "\(submitted.all)")
        #expect(submitted.stdout.components(separatedBy: "accepted as SV-DGME:MAN:").count == 4, "\(submitted.all)")
        let states = try await setup.waitForStates("SV-DGME", count: 3, seconds: 60) { $0 == "assessed" }
        #expect(states.count == 3 && states.values.allSatisfy { $0 == "assessed" }, "\(states)")
        #expect(try setup.manifestStates("US-CBP").values.sorted() == ["received", "received", "received"])

        // Status by the operator, through the CLI (signed with the agency's key).
        let firstId = try #require(states.keys.sorted().first)
        let status = try Paxsim.run(["agency", "status", "--config", setup.sv.configPath, firstId])
        #expect(status.status == 0 && status.stdout.contains("\"manifestState\":\"assessed\""), "\(status.all)")

        // An assistance request about a traveller SV-DGME itself reported: found.
        let sample = try #require(try FileManager.default.contentsOfDirectory(atPath: manifests).first { $0.hasSuffix(".xml") })
        guard case .manifest(let manifest) = try PaxMessage.decode(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: manifests + "/" + sample)))) else {
            Issue.record("generated file is not a manifest")
            return
        }
        let document = try #require(manifest.travelers.first?.documents.first)
        let request = AssistanceRequest(
            header: MessageHeader(messageId: "SV-DGME:AST:e2e-1", correlationId: nil, sender: "SV-DGME", receiver: "US-CBP",
                                  createdAt: ExchangeTimeText.timestamp(LiveAgency.now())),
            legalBasis: "CMAA Article 3", purpose: "end-to-end test",
            query: .byDocument(DocumentQuery(documentType: document.type, documentNumber: document.number, issuingState: document.issuingState)))
        let requestFile = setup.path("request.xml")
        try Data(try request.xml()).write(to: URL(fileURLWithPath: requestFile))
        let asked = try Paxsim.run(["agency", "submit", "--config", setup.sv.configPath, requestFile])
        #expect(asked.status == 0, "\(asked.all)")
        let askedId = try #require(asked.stdout.components(separatedBy: "accepted as ").last?.trimmingCharacters(in: .whitespacesAndNewlines))
        var answered = ""
        for _ in 0..<100 {
            answered = try Paxsim.run(["agency", "status", "--config", setup.sv.configPath, askedId]).stdout
            if answered.contains("\"state\":\"answered\"") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(answered.contains("\"state\":\"answered\""), "\(answered)")

        // Hostile and mistaken messages straight at US-CBP's /messages.
        let usPort = try #require(setup.ports["US-CBP"])
        let transport = HTTPPeerTransport(agency: "test", peers: PeerDirectory(["US-CBP": "http://127.0.0.1:\(usPort)"]))
        let payload = Array(try Data(contentsOf: URL(fileURLWithPath: manifests + "/" + sample)))
        let svKey = try setup.signingKey("SV-DGME")
        func frame(id: String, receiver: String = "US-CBP", createdAt: ExchangeTime = LiveAgency.now(),
                   key: SigningKey, body: [UInt8] = payload) throws -> [UInt8] {
            WireFrame.encode(try SignedMessage.signed(messageId: id, correlationId: "", sender: "SV-DGME", receiver: receiver,
                                                      createdAt: createdAt, payload: body, key: key))
        }
        let forged = await transport.deliver(try frame(id: "F-1", key: SigningKey.random()), to: "US-CBP")
        #expect(forged == .refused(status: 401, code: "bad-signature"))
        let stale = await transport.deliver(try frame(id: "F-2", createdAt: LiveAgency.now() - 3_600_000, key: svKey), to: "US-CBP")
        #expect(stale == .refused(status: 409, code: "outside-replay-window"))
        let misaddressed = await transport.deliver(try frame(id: "F-3", receiver: "GT-IGM", key: svKey), to: "US-CBP")
        #expect(misaddressed == .refused(status: 421, code: "wrong-recipient"))
        // Refused from the head while the client is still uploading: the server answers 413,
        // half-closes and drains the rest (lingering close), so the client reads the answer
        // instead of a reset, the first time.
        let hugeFrame = try frame(id: "F-4", key: svKey, body: Array(repeating: 0x20, count: 2 << 20))
        let huge = await transport.deliver(hugeFrame, to: "US-CBP")
        #expect(huge == .refused(status: 413, code: "body-too-large"))
        // Hostile XML from an authenticated peer: an external entity naming a local file. Refused
        // with a signed rejecting acknowledgement (SafeXML's DOCTYPE rule); the file's content
        // appears nowhere.
        let secret = setup.path("secret.txt")
        try Data("PAXSIM-SECRET-7731".utf8).write(to: URL(fileURLWithPath: secret))
        let hostile = Array("""
            <?xml version="1.0"?>
            <!DOCTYPE m [<!ENTITY x SYSTEM "file://\(secret)">]>
            <TravelerManifest xmlns="urn:paxsim:api:v1"><Header><MessageId>&x;</MessageId></Header></TravelerManifest>
            """.utf8)
        let hostileAnswer = await transport.deliver(try frame(id: "SV-DGME:MAN:HOSTILE:1", key: svKey, body: hostile), to: "US-CBP")
        guard case .reply(let rejectionFrame) = hostileAnswer,
              case .acknowledgement(let rejection) = try PaxMessage.decode(bytes: try WireFrame.decode(rejectionFrame).payload) else {
            Issue.record("hostile payload not answered with an acknowledgement: \(hostileAnswer)")
            return
        }
        #expect(rejection.status == .rejected)
        #expect(rejection.errors.contains { $0.code == "SAFE-DOCTYPE" }, "\(rejection.errors)")
        #expect(!String(decoding: rejectionFrame, as: UTF8.self).contains("PAXSIM-SECRET-7731"))
        // A captured valid message sent again: answered with the stored reply, byte for byte, processed once.
        var replayed = manifest
        replayed.header.messageId = "SV-DGME:MAN:REPLAY:1"
        let valid = try frame(id: replayed.header.messageId, key: svKey, body: try replayed.xml())
        let first = await transport.deliver(valid, to: "US-CBP")
        let again = await transport.deliver(valid, to: "US-CBP")
        guard case .reply(let firstReply) = first else {
            Issue.record("a valid message was not answered: \(first)")
            return
        }
        #expect(again == .reply(firstReply))
        await transport.shutdown()

        #expect(setup.sv.stop() == 0)
        #expect(setup.us.stop() == 0)
        for agency in ["SV-DGME", "US-CBP"] {
            let verified = try Paxsim.run(["audit", "verify", setup.path("\(agency).sqlite")])
            #expect(verified.status == 0, "\(agency): \(verified.all)")
        }
        // Each agency's log against the heads its peer kept from its signed acknowledgements:
        // from the peer's database, and from the peer's `audit heads` export.
        let usChecked = try Paxsim.run(["audit", "verify", setup.path("US-CBP.sqlite"), "--peer-heads", setup.path("SV-DGME.sqlite")])
        #expect(usChecked.status == 0 && usChecked.stdout.contains("kept by"), "\(usChecked.all)")
        let exported = try Paxsim.run(["audit", "heads", setup.path("US-CBP.sqlite")])
        #expect(exported.status == 0 && exported.stdout.contains("\"peer\":\"SV-DGME\""), "\(exported.all)")
        try Data(exported.stdout.utf8).write(to: URL(fileURLWithPath: setup.path("us-heads.jsonl")))
        let svChecked = try Paxsim.run(["audit", "verify", setup.path("SV-DGME.sqlite"), "--peer-heads", setup.path("us-heads.jsonl")])
        #expect(svChecked.status == 0 && svChecked.stdout.contains("kept by"), "\(svChecked.all)")
        let refusals = try await DatabaseQueue(path: setup.path("US-CBP.sqlite")).read { db in
            try String.fetchAll(db, sql: "SELECT details FROM audit_log WHERE kind = 'access-denied' ORDER BY sequence")
        }
        #expect(refusals.count == 3 && refusals[0].contains("bad-signature") && refusals[1].contains("outside-replay-window")
                && refusals[2].contains("wrong-recipient"), "\(refusals)")
    }

    @Test("kill -9 of the receiving agency in the middle of 1,000 manifests, then a restart: every manifest assessed, none processed twice, audit chains intact")
    func killNineUnderLoad() async throws {
        let setup = try Setup()
        defer { setup.sv.stop(); setup.us.stop(); setup.remove() }
        try await setup.start()
        let manifests = setup.path("manifests")
        let generated = try Paxsim.run(["generate", "--seed", "21", "--flights", "1000", "--travelers", "3", "--from", "SAL",
                                        "--to", "IAH", "--out", manifests])
        #expect(generated.status == 0, "\(generated.all)")
        async let submitting = Paxsim.runOffPool(["agency", "submit", "--config", setup.sv.configPath, "--concurrency", "16", manifests],
                                                 timeout: 400)
        // Kill the receiver once it has committed `killAfter` manifests: a count observed, not a
        // time, so a slow machine kills it just as far into the load as a fast one (the wait is
        // bounded only by the submit's own timeout). Polled often enough that the other 900
        // cannot all commit between a look and the kill.
        let killAfter = 100
        let deadline = Date().addingTimeInterval(400)
        var observed = 0
        while Date() < deadline, observed < killAfter {
            observed = (try? setup.manifestStates("US-CBP").count) ?? 0
            if observed < killAfter { try await Task.sleep(for: .milliseconds(10)) }
        }
        setup.us.kill9()
        // What the receiver had committed when it died (its database, read while it is down).
        let atKill = (try? setup.manifestStates("US-CBP").count) ?? 0
        try await Task.sleep(for: .seconds(1))
        try setup.us.start()
        try await setup.us.waitUntilListening()
        let submitted = try await submitting
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let states = try await setup.waitForStates("SV-DGME", count: 1000, seconds: 300) { $0 == "assessed" }
        #expect(observed >= killAfter, "the receiver had committed only \(observed) manifests when the wait ended")
        #expect(atKill >= observed && atKill < 1000, "killed after \(atKill) manifests")
        #expect(states.count == 1000)
        #expect(states.values.filter { $0 == "assessed" }.count == 1000, "\(Dictionary(grouping: states.values, by: { $0 }).mapValues(\.count))")
        #expect(setup.sv.stop() == 0)
        #expect(setup.us.stop() == 0)
        let received = try await DatabaseQueue(path: setup.path("US-CBP.sqlite")).read { db in
            try Row.fetchAll(db, sql: """
                SELECT message_id, count(*) AS n FROM audit_log
                WHERE kind = 'message-in' AND details LIKE '%manifest-accepted%' GROUP BY message_id
                """).map { ($0["message_id"] as String, $0["n"] as Int) }
        }
        #expect(received.count == 1000)
        #expect(received.allSatisfy { $0.1 == 1 }, "processed more than once: \(received.filter { $0.1 != 1 }.prefix(5))")
        let assessed = try await DatabaseQueue(path: setup.path("SV-DGME.sqlite")).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log WHERE kind = 'message-in' AND details LIKE '%assessment-accepted%'")
        }
        #expect(assessed == 1000)
        for agency in ["SV-DGME", "US-CBP"] {
            let verified = try Paxsim.run(["audit", "verify", setup.path("\(agency).sqlite")])
            #expect(verified.status == 0, "\(agency): \(verified.all)")
        }
    }
}
