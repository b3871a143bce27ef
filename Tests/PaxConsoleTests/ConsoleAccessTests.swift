import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import PaxConsole
import PaxDemo
import PaxServer
import Testing

/// Access control of the console: login with the operator token only, session cookie
/// attributes, CSRF and same-origin checks on every POST, the CSP on every response.
extension ConsoleDemoSuites {
@Suite(.serialized) struct ConsoleAccessTests {
    @Test func pagesNeedASessionAndTheRightToken() async throws {
        try await DemoFixture.with { running, flagged in
            let agency = flagged.agency
            try await agency.testConsole { anonymous in
                for path in ["/", "/flights", "/hits", "/audit", "/security", "/assistance", flagged.travellerPath] {
                    let page = try await anonymous.get(path)
                    #expect(page.status == .seeOther, "\(path) without a session")
                    #expect(page.headers[.location] == "/login")
                    #expect(!page.text.contains(flagged.reference))
                }
                #expect(try await anonymous.get("/events").status == .unauthorized)
                var forged = anonymous
                forged.cookie = "paxsim_console=" + String(repeating: "ab", count: 32)
                #expect(try await forged.get("/hits").status == .seeOther)

                let login = try await anonymous.get("/login")
                #expect(login.status == .ok)
                #expect(login.headers[.contentSecurityPolicy] == ConsoleServer.contentSecurityPolicy)
                #expect(login.text.contains("<label for=\"token\">"))

                var wrong = anonymous
                let refused = try await wrong.login(token: "pxc-" + String(repeating: "0", count: 40), name: "mallory")
                #expect(refused.status == .unauthorized)
                #expect(wrong.cookie == nil)
                let denied = try await agency.auditRecords().filter { $0.kind == .accessDenied && $0.actor == "operator:mallory" }
                #expect(denied.count == 1)
                // The other agency's token does not open this console.
                let other = try #require(running.agencies.first { $0.id != agency.id })
                var crossAgency = anonymous
                #expect(try await crossAgency.login(token: other.console.token.text).status == .unauthorized)

                var operatorClient = anonymous
                let ok = try await operatorClient.login(token: agency.console.token.text)
                #expect(ok.status == .seeOther)
                let cookie = try #require(ok.headers[.setCookie])
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("SameSite=Strict"))
                #expect(try await operatorClient.get("/hits").status == .ok)
            }
        }
    }

    @Test func crossSitePostsAreRefused() async throws {
        try await DemoFixture.with { _, flagged in
            let agency = flagged.agency
            try await agency.testConsole { anonymous in
                let review = [("submitter", agency.id), ("id", flagged.messageId), ("ref", flagged.reference),
                              ("verdict", "true-match"), ("note", "forged")]
                #expect(try await anonymous.post("/hits/review", form: review).status == .unauthorized)

                var client = anonymous
                _ = try await client.login(token: agency.console.token.text)
                let csrf = try #require(ConsoleClient.csrf(in: try await client.get(flagged.travellerPath)))
                // No CSRF value, a wrong one, another site's Origin, a cross-site fetch: all refused.
                #expect(try await client.post("/hits/review", form: review).status == .forbidden)
                #expect(try await client.post("/hits/review", form: review + [("csrf", String(repeating: "0", count: 64))]).status == .forbidden)
                #expect(try await client.post("/hits/review", form: review + [("csrf", csrf)],
                                              headers: [.origin: "http://evil.example"]).status == .forbidden)
                var crossSite = HTTPFields()
                crossSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
                #expect(try await client.post("/hits/review", form: review + [("csrf", csrf)], headers: crossSite).status == .forbidden)
                #expect(try await client.post("/login", form: [("operator", "x"), ("token", agency.console.token.text)],
                                              headers: crossSite).status == .forbidden)
                // Nothing was recorded.
                #expect(try await agency.auditRecords().filter { $0.kind.rawValue == "hit-review" }.isEmpty)
                #expect(!(try await client.get(flagged.travellerPath).text.contains("Reviewed:")))
                // Logging out needs the CSRF value too, and ends the session.
                #expect(try await client.post("/logout", form: []).status == .forbidden)
                #expect(try await client.post("/logout", form: [("csrf", csrf)]).status == .seeOther)
                #expect(try await client.get("/hits").status == .seeOther)
            }
        }
    }
}
}
