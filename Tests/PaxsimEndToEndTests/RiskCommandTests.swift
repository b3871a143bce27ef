import Foundation
import Testing

/// The risk commands refuse bad inputs with the file, the line and the reason, and a status.
@Suite(.timeLimit(.minutes(5)))
struct RiskCommandTests {
    @Test func missingWatchListExitsTwoNamingTheFile() throws {
        let manifest = Paxsim.repository.appendingPathComponent("Samples/manifest-passenger.xml").path
        let result = try Paxsim.run(["screen", manifest, "--watchlist", "/no/such/watchlist.xml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/no/such/watchlist.xml"))
        #expect(result.stdout.isEmpty)
    }

    @Test func brokenWatchListIsRefusedWithItsLine() throws {
        let directory = try Paxsim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.xml")
        try Data("<WatchList xmlns=\"urn:paxsim:api:v1\" schemaVersion=\"1.0\">\n<Entry id=\"x\"><Nope/></Entry>\n</WatchList>\n".utf8).write(to: file)
        let result = try Paxsim.run(["watchlist", "check", file.path])
        #expect(result.status != 0)
        #expect(result.all.contains("\(file.path):2"))
    }

    @Test func screeningTheSamplesWithAnEmptyListClearsEveryone() throws {
        let directory = try Paxsim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let list = directory.appendingPathComponent("empty.xml")
        try Data("<WatchList xmlns=\"urn:paxsim:api:v1\" schemaVersion=\"1.0\" listId=\"EMPTY\"/>\n".utf8).write(to: list)
        let manifest = Paxsim.repository.appendingPathComponent("Samples/manifest-passenger.xml").path
        let result = try Paxsim.run(["screen", manifest, "--watchlist", list.path, "--format", "json"])
        #expect(result.status == 0, "\(result.all)")
        #expect(!result.stdout.contains("NoBoard"))
    }
}
