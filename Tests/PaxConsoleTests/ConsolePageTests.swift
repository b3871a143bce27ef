import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import PaxConsole
import PaxDemo
import PaxServer
import Testing

/// Every page of the console, over a running demo: it answers, is framed accessibly (title,
/// main landmark, table headers, CSP), shows what it is for, and pages that show traveller
/// data are audited.
extension ConsoleDemoSuites {
@Suite(.serialized) struct ConsolePageTests {
    @Test func everyPageAnswersWithItsContent() async throws {
        try await DemoFixture.with { running, flagged in
            let agency = flagged.agency
            let peer = try #require(running.agencies.first { $0.id != agency.id })
            try await agency.testConsole { anonymous in
                var client = anonymous
                _ = try await client.login(token: agency.console.token.text)
                let pages: [(String, String)] = [
                    ("/", "id=\"timeline\""), ("/flights", flagged.carrierAndFlight), ("/flights?direction=sent&state=assessed", flagged.carrierAndFlight),
                    (flagged.manifestPath, flagged.reference), (flagged.travellerPath, "How it matched"), ("/hits", flagged.reference),
                    ("/assistance", "Requests sent"), ("/audit", "Chain head"), ("/security", "Refused since start"),
                ]
                for (path, expected) in pages {
                    let page = try await client.get(path)
                    #expect(page.status == .ok, "\(path)")
                    #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(page.headers[.contentSecurityPolicy] == ConsoleServer.contentSecurityPolicy)
                    #expect(page.text.contains("<title>"), "\(path) has a title")
                    #expect(page.text.contains("<main id=\"main\">"), "\(path) has a main landmark")
                    #expect(page.text.components(separatedBy: "<table").count == page.text.components(separatedBy: "<thead>").count,
                            "every table of \(path) has a header row")
                    #expect(!page.text.contains("<script>"), "\(path) has no inline script")
                    #expect(page.text.contains(expected), "\(path) shows \(expected)")
                }
                // The traveller page shows the listed entry beside the traveller.
                let traveller = try await client.get(flagged.travellerPath)
                #expect(traveller.text.contains("class=\"listed-name\""))
                #expect(traveller.text.contains("Date of birth"))
                // The manifest page escapes the raw XML it shows.
                let manifest = try await client.get(flagged.manifestPath)
                #expect(manifest.text.contains("&lt;"))
                #expect(!manifest.text.contains("<TravelerManifest"))
                // A carrier's PAXLST kept for the manifest is shown too, escaped.
                let interchange = "UNA:+.? 'UNB+UNOA:4+TA+SV-DGME'UNH+1+PAXLST:D:05B:UN:IATA'NAD+FL+++<script>x</script>'UNZ+1+1'"
                try await #require(agency.service.database).pool.write { db in
                    try db.execute(sql: """
                        INSERT INTO received_copy (submitter, message_id, kind, received_at_ms, bytes) VALUES (?, ?, 'paxlst', 1, ?)
                        """, arguments: [agency.id, flagged.messageId, Data(interchange.utf8)])
                }
                let withPAXLST = try await client.get(flagged.manifestPath)
                #expect(withPAXLST.text.contains("PAXLST interchange as received from the carrier"))
                #expect(withPAXLST.text.contains("NAD+FL+++&lt;script&gt;x&lt;/script&gt;"))
                #expect(!withPAXLST.text.contains("<script>x"))
                // Unknown manifest: 404 page, framed.
                #expect(try await client.get("/manifest?submitter=X&id=nope").status == .notFound)
                // Audit verify.
                let audit = try await client.get("/audit")
                let csrf = try #require(ConsoleClient.csrf(in: audit))
                let verified = try await client.post("/audit/verify", form: [("csrf", csrf)])
                #expect(verified.status == .ok)
                #expect(verified.text.contains("Intact"))
                // Static assets.
                #expect(try await client.get("/static/console.js").text.contains("EventSource"))
                #expect(try await client.get("/static/console.css").status == .ok)
            }
            // The receiving side's security page lists the forgeries refused from the request head.
            try await peer.testConsole { anonymous in
                var client = anonymous
                _ = try await client.login(token: peer.console.token.text)
                // It screened the manifest: the traveller page explains the hit from what was kept then,
                // and the manifest page shows the signed frame as received, escaped.
                let traveller = try await client.get(flagged.peerTravellerPath)
                #expect(traveller.status == .ok)
                #expect(traveller.text.contains("Screened by this agency when the manifest was received"))
                #expect(traveller.text.contains("How it matched") && traveller.text.contains("class=\"listed-name\""))
                #expect(traveller.text.contains("Name similarity"))
                let manifest = try await client.get(flagged.peerManifestPath)
                #expect(manifest.text.contains("Manifest as received from \(agency.id)"))
                #expect(manifest.text.contains("PAXSIM-FRAME/1"))
                #expect(manifest.text.contains("&lt;TravelerManifest") && !manifest.text.contains("<TravelerManifest"))
                #expect(manifest.text.contains("Risk assessment sent (XML)"))
                #expect(try await client.get("/flights?direction=received").text.contains(flagged.carrierAndFlight))
                let security = try await DemoFixture.wait("a forgery is refused") { () -> ConsoleClient.Page? in
                    let page = try await client.get("/security")
                    return page.text.contains("bad-signature") ? page : nil
                }
                #expect(security.text.contains(agency.id))
            }
        }
    }

    @Test func travellerDataPagesAreAuditedAndReviewsRecorded() async throws {
        try await DemoFixture.with { _, flagged in
            let agency = flagged.agency
            try await agency.testConsole { anonymous in
                var client = anonymous
                _ = try await client.login(token: agency.console.token.text, name: "ana")
                func accesses() async throws -> [AuditRecord] {
                    try await agency.auditRecords().filter { $0.kind == .travellerDataAccess && $0.actor == "operator:ana" }
                }
                #expect(try await accesses().isEmpty)
                _ = try await client.get("/flights")
                #expect(try await accesses().isEmpty, "the flights page shows no names")
                let page = try await client.get(flagged.travellerPath)
                var records = try await accesses()
                #expect(records.count == 1)
                #expect(records.last?.messageId == flagged.messageId)
                #expect(records.last?.details["traveller_refs"] == flagged.reference)
                #expect(records.last?.details["page"] == "traveller")
                _ = try await client.get(flagged.manifestPath)
                records = try await accesses()
                #expect(records.count == 2)
                #expect(records.last?.details["traveller_refs"]?.contains(flagged.reference) == true)
                _ = try await client.get("/hits")
                #expect(try await accesses().count == 3)
                // No audit record holds a name.
                let name = try #require(page.text.range(of: "<h1>Traveller ").map { String(page.text[$0.upperBound...].prefix { $0 != "<" }) })
                let surname = try #require(name.split(separator: ",").first.map(String.init))
                #expect(try await agency.auditRecords().allSatisfy { !$0.detailsJSON.contains(surname) })

                // Review: recorded, shown, audited.
                let csrf = try #require(ConsoleClient.csrf(in: page))
                let review = try await client.post("/hits/review", form: [
                    ("csrf", csrf), ("submitter", agency.id), ("id", flagged.messageId), ("ref", flagged.reference),
                    ("verdict", "false-positive"), ("note", "different person, checked passport"),
                ])
                #expect(review.status == .seeOther)
                #expect(try await client.get(flagged.travellerPath).text.contains("Reviewed: False positive by ana"))
                #expect(try await client.get("/hits").text.contains("False positive (ana)"))
                let reviews = try await agency.auditRecords().filter { $0.kind.rawValue == "hit-review" }
                #expect(reviews.count == 1)
                #expect(reviews.first?.travellerRef == flagged.reference)
                #expect(reviews.first?.actor == "operator:ana")
                #expect(reviews.first?.details["verdict"] == "false-positive")
                // A bad verdict is refused.
                #expect(try await client.post("/hits/review", form: [
                    ("csrf", csrf), ("submitter", agency.id), ("id", flagged.messageId), ("ref", flagged.reference), ("verdict", "maybe"),
                ]).status == .badRequest)
            }
        }
    }
}
}
