import Foundation
@testable import PaxGenerator
import PaxMessages
import Testing

/// Same seed, same bytes: twice in a run, on any number of threads, whatever the batch
/// size, and (pinned digests) on any machine.
@Suite struct DeterminismTests {
    static func options(seed: UInt64) -> GenerationOptions {
        var options = GenerationOptions()
        options.seed = seed
        options.flights = 3
        options.travelersPerFlight = 40
        options.crew = true
        options.invalid = 6
        options.watchList = .init(path: "watchlist.xml", plant: 6, size: 20)
        return options
    }

    @Test func sameSeedGivesTheSameDigestTwice() throws {
        let first = try RunFixtures.run(Self.options(seed: 11)), second = try RunFixtures.run(Self.options(seed: 11))
        defer { RunFixtures.remove(first); RunFixtures.remove(second) }
        let names = try RunFixtures.files(in: first).map(\.name)
        #expect(names.count == 3 * 2 + 6 + 3, "manifests, crew lists, broken documents, expected.tsv, watch list, truth: \(names)")
        #expect(try RunFixtures.digest(of: first) == RunFixtures.digest(of: second))
    }

    @Test func differentSeedsGiveDifferentOutput() throws {
        let a = try RunFixtures.run(Self.options(seed: 11)), b = try RunFixtures.run(Self.options(seed: 12))
        defer { RunFixtures.remove(a); RunFixtures.remove(b) }
        #expect(try RunFixtures.digest(of: a) != RunFixtures.digest(of: b))
    }

    @Test func threadsAndBatchSizesDoNotChangeTheBytes() throws {
        var digests: Set<String> = []
        for (workers, batch) in [(1, 7), (2, 512), (3, 64)] {
            var generator = Generator(seed: 5)
            generator.workers = workers
            let plan = try generator.flight(on: try RunFixtures.date(), from: "SAL", to: "IAH")
            var stream = generator.passengerStream(for: plan, travelers: 300)
            var streamer = try ManifestXMLStreamer(template: stream.template)
            streamer.workers = workers
            var sink = MemorySink()
            try streamer.write(&stream, to: &sink, batch: batch)
            digests.insert(SHA256.hex(sink.bytes))
        }
        #expect(digests.count == 1)
    }

    /// The streamed document is byte for byte what PaxMessages' encoder writes for the
    /// whole manifest: the templates reproduce the encoder exactly.
    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func streamingEqualsTheModelEncoder(seed: UInt64) throws {
        var generator = Generator(seed: seed)
        let plan = try generator.flight(on: try RunFixtures.date("2026-07-02"))
        var copy = generator
        let manifest = generator.passengerList(for: plan, travelers: 150)
        var stream = copy.passengerStream(for: plan, travelers: 150)
        var sink = MemorySink()
        try ManifestXMLStreamer(template: stream.template).write(&stream, to: &sink, batch: 32)
        #expect(sink.bytes == (try manifest.xml()))

        var jsonStream = generator.passengerStream(for: plan, travelers: 40)
        var jsonCopy = jsonStream
        var json = MemorySink()
        try ManifestJSONStreamer(template: jsonStream.template).write(&jsonStream, to: &json, batch: 16)
        var whole = jsonCopy.template
        while !jsonCopy.isFinished { whole.travelers += jsonCopy.next(upTo: 100) }
        #expect(json.bytes == Array(try ManifestJSONStreamer.makeEncoder().encode(whole)) + [0x0A])
        #expect(try JSONDecoder().decode(TravelerManifest.self, from: Data(json.bytes)) == whole)
    }

    /// Crew lists and lists with planted watch-list subjects (other scripts, swappable birth
    /// dates) stream byte for byte as the model encodes them, and the planted travellers the
    /// streamer reports are the model's.
    @Test(arguments: [7, 8, 9])
    func crewAndPlantedListsStreamAsTheModelEncodes(seed: UInt64) throws {
        var generator = Generator(seed: seed)
        generator.workers = 2
        let plan = try generator.flight(on: try RunFixtures.date("2026-07-02"))
        var copy = generator
        let crew = generator.crewList(for: plan)
        var crewStream = copy.crewStream(for: plan)
        var crewSink = MemorySink()
        try ManifestXMLStreamer(template: crewStream.template).write(&crewStream, to: &crewSink, batch: 16)
        #expect(crewSink.bytes == (try crew.xml()))
        #expect(crew.travelers.allSatisfy { $0.kind == .crew || $0.kind == .transitCrew })

        let plants: [Int: TravelerStream.PlantRequirement] = [3: .otherScript, 40: .swappableBirthDate, 41: .any, 199: .otherScript]
        var modelCopy = generator
        var model = generator.passengerStream(for: plan, travelers: 200, plants: plants)
        var streamed = modelCopy.passengerStream(for: plan, travelers: 200, plants: plants)
        var manifest = model.template
        while !model.isFinished { manifest.travelers += model.next(upTo: 64) }
        var sink = MemorySink()
        var streamer = try ManifestXMLStreamer(template: streamed.template)
        streamer.workers = 3
        try streamer.write(&streamed, to: &sink, batch: 24)
        #expect(sink.bytes == (try manifest.xml()))
        #expect(streamed.planted.map(\.index) == plants.keys.sorted())
        #expect(streamed.planted == model.planted)
        #expect(streamed.planted.allSatisfy { manifest.travelers[$0.index] == $0.traveler })
    }

    /// The random source and a small run, pinned: a change in either shows up here, and a
    /// machine that computes them differently fails.
    @Test func pinnedValuesAndDigest() throws {
        var random = SeededRandom(seed: 42)
        #expect((0..<3).map { _ in random.next() } == Self.pinnedRandom)
        var options = GenerationOptions()
        options.seed = 7
        options.from = "SAL"
        options.to = "IAH"
        options.travelersPerFlight = 25
        let directory = try RunFixtures.run(options)
        defer { RunFixtures.remove(directory) }
        let digest = try RunFixtures.digest(of: directory)
        #expect(digest == Self.pinnedDigest, "digest \(digest)")
    }

    /// xoshiro256** seeded by SplitMix64 from 42, as the reference C code gives it.
    static let pinnedRandom: [UInt64] = [1_546_998_764_402_558_742, 6_990_951_692_964_543_102, 12_544_586_762_248_559_009]
    static let pinnedDigest = "b17f7886b1f1419dac5a5328f6b7ae52b3af62a0d683bfa7a8abd38eb0a0b146"
}
