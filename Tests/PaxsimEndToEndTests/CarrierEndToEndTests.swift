import Foundation
import PaxTestSupport
import GRDB
import Testing

/// The carrier path with real processes: `paxsim carrier send` (the airline) → SV-DGME's
/// `/carrier/paxlst` (CONTRL) → US-CBP over the signed exchange → risk assessment → CUSRES
/// back to the airline, with a `kill -9` of SV-DGME while assessments are outstanding.
@Suite("Carrier API end to end", .serialized)
struct CarrierEndToEndTests {
    @Test("carrier → SV-DGME → US-CBP → CUSRES: planted subjects get 1Z/2Z and no one else; SV-DGME killed -9 in the middle loses nothing and answers nothing twice")
    func carrierPathWithKillNine() async throws {
        let directory = try Paxsim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        try FileManager.default.createDirectory(atPath: path("keys"), withIntermediateDirectories: true)
        for agency in ["SV-DGME", "US-CBP"] {
            let made = try Paxsim.run(["keys", "generate", "--agency", agency, "--out", path("keys")])
            #expect(made.status == 0, "\(made.all)")
        }
        // Three flights with planted watch-list subjects, converted to PAXLST as the airline sends them.
        let generated = try Paxsim.run(["generate", "--seed", "5", "--flights", "3", "--travelers", "12", "--from", "SAL", "--to", "IAH",
                                        "--out", path("xml"), "--watchlist-out", path("watchlist.xml"), "--plant", "4", "--quiet"])
        #expect(generated.status == 0, "\(generated.all)")
        let xmlFiles = try FileManager.default.contentsOfDirectory(atPath: path("xml")).filter { $0.hasSuffix(".xml") }.sorted()
        #expect(xmlFiles.count == 3)
        let converted = try Paxsim.run(["convert"] + xmlFiles.map { path("xml/" + $0) } + ["--to", "paxlst", "-o", path("paxlst")])
        #expect(converted.status == 0, "\(converted.all)")
        let paxlst = xmlFiles.map { path("paxlst/" + $0.replacingOccurrences(of: ".xml", with: ".edi")) }
        // Planted travellers per manifest (its id is the PAXLST's RFF+TN, echoed by the CUSRES).
        var planted: [String: Set<String>] = [:]
        for line in try String(contentsOfFile: path("watchlist.truth.jsonl"), encoding: .utf8).split(separator: "\n") {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            planted[record["manifestMessageId"] ?? "", default: []].insert(record["travelerReference"] ?? "")
        }
        #expect(planted.values.map(\.count).reduce(0, +) == 4)
        var manifestIds: [String] = []
        for file in xmlFiles {
            let text = try String(contentsOfFile: path("xml/" + file), encoding: .utf8)
            let id = try #require(text.components(separatedBy: "<MessageId>").dropFirst().first?.components(separatedBy: "</MessageId>").first)
            manifestIds.append(id)
        }

        let token = try Paxsim.run(["carrier", "token", "--out", path("ua.token")])
        #expect(token.status == 0, "\(token.all)")
        let digest = try #require(token.stdout.components(separatedBy: "tokenSha256 ").last?.trimmingCharacters(in: .whitespacesAndNewlines))
        let ports = ["SV-DGME": try FreePort.find(), "US-CBP": try FreePort.find()]
        for (agency, peer) in [("SV-DGME", "US-CBP"), ("US-CBP", "SV-DGME")] {
            let extra = agency == "SV-DGME"
                ? #""carriers": [ { "carrier": "UA", "tokenSha256": "\#(digest)", "peer": "US-CBP" } ],"#
                : #""watchList": "watchlist.xml","#
            let json = """
                {
                  "agency": "\(agency)",
                  "territory": \(agency == "SV-DGME" ? #"["SAL"]"# : #"["IAH"]"#),
                  "listen": { "host": "127.0.0.1", "port": \(ports[agency] ?? 0) },
                  "database": "\(agency).sqlite",
                  "privateKey": "keys/\(agency).key",
                  "peers": [ { "agency": "\(peer)", "url": "http://127.0.0.1:\(ports[peer] ?? 0)", "publicKey": "keys/\(peer).pub" } ],
                  \(extra)
                  "limits": { "replayWindowSeconds": 1200 },
                  "timing": { "retryBaseMilliseconds": 200, "retryCapMilliseconds": 1000, "maxAttempts": 1000,
                              "assessmentDeadlineSeconds": 1200 }
                }
                """
            try Data(json.utf8).write(to: URL(fileURLWithPath: path("\(agency).json")))
        }
        let carrierConfig = path("ua.json")
        try Data(#"{ "carrier": "UA", "agency": "http://127.0.0.1:\#(ports["SV-DGME"] ?? 0)", "tokenFile": "ua.token" }"#.utf8)
            .write(to: URL(fileURLWithPath: carrierConfig))
        let sv = AgencyProcess(name: "SV-DGME", configPath: path("SV-DGME.json"))
        let us = AgencyProcess(name: "US-CBP", configPath: path("US-CBP.json"))
        defer { sv.stop(); us.stop() }
        try sv.start()
        try us.start()
        try await sv.waitUntilListening()
        try await us.waitUntilListening()

        // 1. The whole path while everything runs.
        let first = try await Paxsim.runOffPool(["carrier", "send", "--config", carrierConfig, paxlst[0], "--wait", "--timeout", "240",
                                                 "-o", path("answers-1")], timeout: 300)
        #expect(first.status == 0, "\(first.all)")
        #expect(first.stdout.contains("CONTRL 7 acknowledged"), "\(first.all)")

        // 2. US-CBP is down: the lists are acknowledged (CONTRL 7) and wait in SV-DGME's outbox;
        //    then SV-DGME dies without a chance to flush anything.
        #expect(us.stop() == 0)
        let second = try await Paxsim.runOffPool(["carrier", "send", "--config", carrierConfig, paxlst[1], paxlst[2],
                                                  "-o", path("answers-2")], timeout: 120)
        #expect(second.status == 0, "\(second.all)")
        #expect(second.stdout.components(separatedBy: "CONTRL 7 acknowledged").count == 3, "\(second.all)")
        sv.kill9()
        try us.start()
        try sv.start()
        try await us.waitUntilListening()
        try await sv.waitUntilListening()

        // 3. The airline sends the same interchanges again (it never trusts one answer): the first
        //    CONTRL byte for byte, then each CUSRES once the assessment is back.
        let third = try await Paxsim.runOffPool(["carrier", "send", "--config", carrierConfig, paxlst[1], paxlst[2], "--wait",
                                                 "--timeout", "240", "-o", path("answers-3")], timeout: 600)
        #expect(third.status == 0, "\(third.all)")
        #expect(third.stdout.components(separatedBy: "(duplicate: the first answer again)").count == 3, "\(third.all)")
        for file in paxlst.dropFirst() {
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent + ".contrl.edi"
            #expect(try Data(contentsOf: URL(fileURLWithPath: path("answers-2/" + name))) == Data(contentsOf: URL(fileURLWithPath: path("answers-3/" + name))))
        }

        // Every traveller answered; 1Z or 2Z for exactly the planted ones.
        for (index, file) in paxlst.enumerated() {
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let cusres = try String(contentsOfFile: path((index == 0 ? "answers-1/" : "answers-3/") + name + ".cusres.edi"), encoding: .utf8)
            #expect(cusres.contains("RFF+TN:" + manifestIds[index].replacingOccurrences(of: ":", with: "?:")), "\(cusres)")
            var decisions: [String: String] = [:]
            var traveller: String?
            for segment in cusres.replacingOccurrences(of: "\n", with: "").split(separator: "'") {
                if segment.hasPrefix("RFF+ABO:") { traveller = String(segment.dropFirst(8)) }
                if segment.hasPrefix("ERC+"), let current = traveller { decisions[current] = String(segment.dropFirst(4)) }
            }
            #expect(decisions.count == 12, "\(name): \(decisions)")
            let flagged = Set(decisions.filter { $0.value == "1Z" || $0.value == "2Z" }.keys)
            #expect(flagged == planted[manifestIds[index]] ?? [], "\(name)")
            #expect(decisions.values.allSatisfy { ["0Z", "1Z", "2Z"].contains($0) }, "\(decisions)")
        }

        #expect(sv.stop() == 0)
        #expect(us.stop() == 0)
        // US-CBP processed each manifest once; SV-DGME made one CUSRES per interchange.
        let received = try await DatabaseQueue(path: path("US-CBP.sqlite")).read { db in
            try Row.fetchAll(db, sql: """
                SELECT message_id, count(*) AS n FROM audit_log
                WHERE kind = 'message-in' AND details LIKE '%manifest-accepted%' GROUP BY message_id
                """).map { ($0["message_id"] as String, $0["n"] as Int) }
        }
        #expect(received.count == 3 && received.allSatisfy { $0.1 == 1 }, "\(received)")
        let (kept, forwarded, duplicates) = try await DatabaseQueue(path: path("SV-DGME.sqlite")).read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log WHERE kind = 'cusres-out' AND details LIKE '%\"kept\"%'") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log WHERE kind = 'carrier-paxlst-in' AND details LIKE '%\"forwarded\"%'") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log WHERE kind = 'carrier-paxlst-in' AND details LIKE '%\"duplicate\"%'") ?? -1)
        }
        #expect(kept == 3 && forwarded == 3 && duplicates == 2, "kept \(kept), forwarded \(forwarded), duplicates \(duplicates)")
        for agency in ["SV-DGME", "US-CBP"] {
            let verified = try Paxsim.run(["audit", "verify", path("\(agency).sqlite")])
            #expect(verified.status == 0, "\(agency): \(verified.all)")
        }
    }
}
