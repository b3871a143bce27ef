import Foundation
import PaxGenerator
import PaxMessages
import Testing

/// Bad option values are refused up front with a message naming the option and the value.
@Suite struct OptionTests {
    static func error(_ change: (inout GenerationOptions) -> Void, destination: OutputDestination = .directory("/tmp/unused")) -> String? {
        var options = GenerationOptions()
        change(&options)
        do {
            _ = try GenerationRun(options: options, destination: destination)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func badValuesNameTheirOption() {
        #expect(Self.error { $0.from = "XYZ" }?.contains("--from 'XYZ'") == true)
        #expect(Self.error { $0.to = "sal"; $0.from = "SAL" }?.contains("--from and --to") == true)
        #expect(Self.error { $0.carrier = "ZZ" }?.contains("--carrier 'ZZ'") == true)
        #expect(Self.error { $0.flights = -1 }?.contains("--flights -1") == true)
        #expect(Self.error { $0.travelersPerFlight = -5 }?.contains("--travelers -5") == true)
        #expect(Self.error { $0.travelersPerFlight = 5; $0.totalTravelers = 10 }?.contains("not both") == true)
        #expect(Self.error { $0.invalid = 2; $0.format = .json }?.contains("--format json") == true)
        #expect(Self.error { $0.flights = 0 }?.contains("--flights 0") == true)
        #expect(Self.error { $0.date = CalendarDate("2150-01-01") }?.contains("--date '2150-01-01'") == true)
        #expect(Self.error { $0.watchList = .init(path: "w.xml", plant: 30, size: 10) }?.contains("--watchlist-size 10") == true)
        #expect(Self.error({ $0.crew = true }, destination: .standardOutput)?.contains("give --out DIR") == true)
        #expect(Self.error({ _ in }, destination: .standardOutput) == nil)
    }

    @Test func watchListTruthGoesNextToTheList() {
        #expect(GenerationOptions.WatchListRequest(path: "out/lists/wl.xml", plant: 1, size: 2).truthPath == "out/lists/wl.truth.jsonl")
        #expect(GenerationOptions.WatchListRequest(path: "list", plant: 1, size: 2).truthPath == "list.truth.jsonl")
    }

    @Test func totalTravelersAreSplitEvenly() throws {
        var options = GenerationOptions()
        options.flights = 3
        options.totalTravelers = 10
        let directory = try RunFixtures.run(options)
        defer { RunFixtures.remove(directory) }
        var counts: [Int] = []
        for (name, bytes) in try RunFixtures.files(in: directory) where name.hasSuffix(".xml") {
            counts.append(try TravelerManifest.decode(bytes: bytes).travelers.count)
        }
        #expect(counts == [4, 3, 3])
    }
}
