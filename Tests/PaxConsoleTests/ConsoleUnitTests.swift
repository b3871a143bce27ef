import Foundation
import PaxConsole
import PaxServer
import Testing

/// The console's parts on their own: the timeline and its stream, the operator token, the
/// console listener's configuration.
struct ConsoleUnitTests {
    @Test func timelineStreamsBacklogThenNewEntries() async throws {
        let clock = ClockBox()
        let timeline = ConsoleTimeline(clock: { clock.now() })
        timeline.note(kind: "note", text: "first")
        timeline.note(kind: "in", text: "second")
        var stream = timeline.subscribe(after: 1).makeAsyncIterator()
        timeline.note(kind: "out", text: "third")
        #expect(await stream.next()?.text == "second")
        #expect(await stream.next()?.text == "third")
        #expect(timeline.counters.messagesIn == 1)
        #expect(timeline.counters.messagesOut == 1)
        #expect(timeline.latest(2).map(\.sequence) == [3, 2])
        timeline.close()
        #expect(await stream.next() == nil)
    }

    @Test func operatorTokenIsDerivedFromTheKey() throws {
        let key = try AgencyKeyPair.generate(agency: "XX-ONE")
        let token = OperatorToken(keyPair: key)
        #expect(token == OperatorToken(keyPair: key))
        #expect(token != OperatorToken(keyPair: try AgencyKeyPair.generate(agency: "XX-ONE")))
        #expect(token.text.hasPrefix("pxc-") && token.text.count == 44)
        #expect(token.matches(token.text))
        #expect(!token.matches(String(token.text.dropLast()) + "x"))
        #expect(!token.description.contains(token.text))
    }

    @Test func consoleListenerMustBeLoopback() throws {
        func configuration(_ console: String) throws(ConfigurationError) -> AgencyServiceConfiguration {
            let text = """
                {"agency": "XX-ONE", "listen": {"port": 0}, "database": "a.sqlite", "privateKey": "a.key",
                 "console": \(console)}
                """
            return try AgencyServiceConfiguration(json: Array(text.utf8), path: "/tmp/agency.json")
        }
        #expect(try configuration(#"{"listen": "127.0.0.1:8081"}"#).console == .init(host: "127.0.0.1", port: 8081))
        #expect(try configuration(#"{"listen": "[::1]:0"}"#).console == .init(host: "::1", port: 0))
        #expect(try configuration("{}").console == .init(host: "127.0.0.1", port: 0))
        for bad in [#"{"listen": "0.0.0.0:80"}"#, #"{"listen": "10.1.2.3:80"}"#, #"{"listen": "127.0.0.1:99999"}"#, #"{"port": 1}"#] {
            #expect(throws: ConfigurationError.self) { try configuration(bad) }
            do {
                _ = try configuration(bad)
            } catch {
                #expect(error.description.contains("/tmp/agency.json"))
                #expect(error.description.contains("console"))
            }
        }
    }
}

final class ClockBox: Sendable {
    func now() -> Int64 { 1_800_000_000_000 }
}
