import Foundation
import Testing
import PaxEDIFACT
import PaxEDIFACTMapping
import PaxGenerator
import PaxMessages

/// `paxsim generate --format paxlst`: the same seed gives the same travellers as the XML.
@Suite("generate --format paxlst")
struct GeneratePAXLSTTests {
    func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paxsim-genedi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    func run(_ format: GenerationOptions.Format, version: PAXLSTVersion = .default, to directory: String,
             travelers: Int) throws -> [String] {
        var options = GenerationOptions()
        options.seed = 2026
        options.flights = 2
        options.travelersPerFlight = travelers
        options.crew = true
        options.format = format
        options.paxlstVersion = version
        let summary = try GenerationRun(options: options, destination: .directory(directory)).run()
        return summary.files.map { directory + "/" + $0 }
    }

    @Test("converting the PAXLST back gives the XML generation's manifests, field by field", arguments: PAXLSTVersion.allCases)
    func sameTravellers(version: PAXLSTVersion) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let xmlFiles = try run(.xml, to: directory + "/xml", travelers: 150)
        let ediFiles = try run(.paxlst, version: version, to: directory + "/edi", travelers: 150)
        #expect(ediFiles.count == 4 && xmlFiles.count == 4)  // two flights, passengers and crew
        #expect(ediFiles.allSatisfy { $0.hasSuffix(".edi") })
        for (xmlPath, ediPath) in zip(xmlFiles, ediFiles) {
            let expected = try TravelerManifest.decode(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: xmlPath))))
            let read = try InterchangeInput.read(path: ediPath, options: .strict)
            #expect(read.diagnostics.isEmpty, "\(read.diagnostics.prefix(3))")
            #expect(read.messages.allSatisfy { $0.header.release == version.release })
            let (manifests, problems) = PAXLSTReader(options: PAXLSTReadOptions(clock: WorldAirportClock())).manifests(from: read.messages)
            #expect(problems.isEmpty)
            let back = try #require(manifests.count == 1 ? manifests.first : nil)
            #expect(back.diagnostics.isEmpty, "\(back.diagnostics.prefix(3))")
            #expect(back.manifest.travelers.count == expected.travelers.count)
            #expect(back.manifest == expected, "\(ediPath)")
        }
    }

    @Test("a long generated list is written as parts under the segment limit and merges back to the XML's list")
    func parts() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = GenerationOptions()
        options.seed = 77
        options.travelersPerFlight = 1_200
        let xml = try GenerationRun(options: options, destination: .directory(directory + "/xml")).run()
        options.format = .paxlst
        let edi = try GenerationRun(options: options, destination: .directory(directory + "/edi")).run()
        let read = try InterchangeInput.read(path: directory + "/edi/" + edi.files[0], options: .strict)
        #expect(read.diagnostics.isEmpty)
        #expect(read.messages.count >= 2)
        #expect(read.messages.allSatisfy { $0.segments.count + 2 <= 9_999 })
        #expect(read.messages.first?.header.partIndicator == "C" && read.messages.last?.header.partIndicator == "F")
        let expected = try TravelerManifest.decode(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/xml/" + xml.files[0]))))
        let (manifests, _) = PAXLSTReader(options: PAXLSTReadOptions(clock: WorldAirportClock())).manifests(from: read.messages)
        #expect(manifests.count == 1)
        #expect(manifests.first?.manifest == expected)
    }

    @Test("the streaming writer writes the same bytes as the whole-manifest writer, whatever the part size")
    func streamEqualsWhole() throws {
        var generator = Generator(seed: 3)
        let plan = try generator.flight(on: CalendarDate(year: 2026, month: 6, day: 1)!)
        let manifest = generator.passengerList(for: plan, travelers: 60)
        for limit in [60, 400, 9_999] {
            let options = PAXLSTWriteOptions(maxSegmentsPerMessage: limit)
            var template = manifest
            template.travelers = []
            var stream = try PAXLSTStreamWriter(template: template, options: options,
                                                syntaxLevel: SyntaxLevel.smallest(for: PAXLSTWriter.allText(manifest)))
            var bytes = stream.take()
            for traveler in manifest.travelers {
                try stream.add(traveler)
                bytes += stream.take()
            }
            try stream.finish()
            bytes += stream.take()
            #expect(bytes == (try PAXLSTWriter(options: options).write(manifest)))
            let read = try InterchangeInput.read(bytes, options: .strict)
            #expect(read.diagnostics.isEmpty)
            #expect(read.messages.count == (limit == 9_999 ? 1 : read.messages.count))
            #expect(limit == 9_999 || read.messages.count > 1)
        }
    }
}
