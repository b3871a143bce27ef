import Foundation
@testable import PaxConsole
import PaxServer
import Testing

/// The console's own HTML escaping and its grouped access-audit writes.
struct ConsoleRenderingTests {
    @Test func escapingReplacesTheFiveCharactersAndNothingElse() {
        #expect(ConsoleHTMLEscaping.escape(#"<a href="x">Tom & Jerry's</a>"#)
                == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        let plain = "Ñandú 北京 ‹quoted› — no markup at all"
        #expect(ConsoleHTMLEscaping.escape(plain) == plain)
        #expect(ConsoleHTMLEscaping.escape("") == "")
        // A combining mark after '<' makes one Character; the byte is escaped all the same.
        #expect(ConsoleHTMLEscaping.escape("<\u{0338}script>") == "&lt;\u{0338}script&gt;")
        #expect(ConsoleHTMLEscaping.escape("ü<ü") == "ü&lt;ü")
    }

    /// Query values are encoded as Foundation encodes them with the query set less `&=+#?/`.
    @Test func queryValuesArePercentEncodedAsFoundationDoes() {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#?/")
        for value in ["US-CBP:MAN:UA83:20260314:P0118", "a b&c=d+e#f?g/h", "Ñandú~!$'()*,;:@", "%41", "北京 \u{1F6EB}", ""] {
            #expect(ConsoleFormat.percentEncoded(value) == value.addingPercentEncoding(withAllowedCharacters: allowed), "\(value)")
        }
        #expect(ConsoleFormat.manifestLink(submitter: "SV-DGME", messageId: "A&B") == "/manifest?submitter=SV-DGME&id=A%26B")
    }

    @Test func templatesEscapeValuesWithTheConsoleEscaping() throws {
        let layout = try ConsoleLayout()
        let page = layout.page("message", view: ["message": "<script>alert('x')</script> & more"], title: "T<i>",
                               agency: "XX-ONE", session: nil, current: "/")
        #expect(page.contains("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more</p>"))
        #expect(page.contains("<title>T&lt;i&gt; · XX-ONE console</title>"))
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("CONTENT_TYPE"))
    }

    /// The rows that list their template fields themselves give exactly what reflection gives.
    @Test func rowFieldsMatchReflection() throws {
        func same(_ row: some MustacheFields) -> Bool {
            let listed = row.mustacheFields
            guard let reflected = MustacheValues.reflected(row) as? [String: Any], Set(listed.keys) == Set(reflected.keys) else {
                return false
            }
            return listed.keys.allSatisfy { String(describing: listed[$0]) == String(describing: reflected[$0]) }
        }
        #expect(same(FlightsPage.Row(href: "/m?1", flight: "TA 100", route: "SAL → IAD", departure: "2026-03-14 10:00 (UTC−06:00)",
                                     countdown: "in 5 min", direction: "received", peer: "SV-DGME", travellers: 100, cleared: "97",
                                     inspect: "2", noBoard: "1", state: "assessed", timing: "sent")))
        #expect(same(HitsPage.Row(departure: "d", countdown: "c", flight: "f", href: "h", name: "n", reference: "r", outcome: "o",
                                  outcomeClass: "oc", review: "Not reviewed", reviewed: true)))
        #expect(same(ManifestPage.Row(href: "h", reference: "r", name: "n", kind: "k", nationality: "SLV", outcome: "o",
                                      outcomeClass: "oc", score: "0.91", reasons: "watch list")))
    }

    @Test func accessRecordsWrittenTogetherFormOneIntactChain() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("console-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try AgencyDatabase.open(path: directory.appendingPathComponent("agency.sqlite").path)
        let audit = ConsoleAccessAudit(database: database)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    try await audit.record(page: "traveller", operatorName: "op\(index % 3)", messageId: "M\(index)",
                                           travellerRefs: ["T\(index)"])
                }
            }
            try await group.waitForAll()
        }
        // A page without travellers writes nothing.
        try await audit.record(page: "hits", operatorName: "op0", messageId: nil, travellerRefs: [])
        let log = AuditLog(database: database)
        let records = try await log.records()
        #expect(records.count == 40)
        #expect(Set(records.compactMap(\.messageId)) == Set((0..<40).map { "M\($0)" }))
        #expect(records.allSatisfy { $0.kind == .travellerDataAccess && $0.actor.hasPrefix("operator:op") })
        #expect(try await log.verify().isIntact)
    }
}
