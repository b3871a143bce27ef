import Foundation
import Testing
import PaxEDIFACT
import PaxEDIFACTMapping
import PaxGenerator
import PaxMessages

/// The generator's airports as a clock: the same zones that made the schedules read them back.
let worldClock = AirportClockFunction { airport, date, hour, minute in
    guard let zone = Airports.named(airport)?.zone else { return nil }
    let local = date.daysSince1970 * 86_400 + hour * 3600 + minute * 60
    return (local - zone.utcSeconds(forLocal: local)) / 60
}

@Suite("PAXLST round trips")
struct RoundTripTests {
    /// 1,000 seeded manifests: passenger lists of 1-6 travellers on varied routes and dates,
    /// every tenth a crew list, some changes and cancels with the original message id.
    static let manifests: [TravelerManifest] = {
        var generator = Generator(seed: 20_260_314)
        var manifests: [TravelerManifest] = []
        var day = CalendarDate(year: 2026, month: 1, day: 1)!
        while manifests.count < 1000 {
            day = day.adding(days: 1) ?? day
            guard let plan = try? generator.flight(on: day) else { continue }
            var manifest = manifests.count % 10 == 9
                ? generator.crewList(for: plan)
                : generator.passengerList(for: plan, travelers: 1 + manifests.count % 6)
            switch manifests.count % 7 {
            case 3:
                manifest.function = .change
                manifest.originalMessageId = manifest.header.messageId + "-0"
            case 5:
                manifest.function = .cancel
                manifest.originalMessageId = manifest.header.messageId + "-0"
            default: break
            }
            manifests.append(manifest)
        }
        return manifests
    }()

    func roundTrip(_ manifest: TravelerManifest, _ options: PAXLSTWriteOptions) throws -> TravelerManifest {
        let bytes = try PAXLSTWriter(options: options).write(manifest)
        let read = try InterchangeInput.read(bytes, options: .strict)
        #expect(read.diagnostics.isEmpty)
        let (manifests, problems) = PAXLSTReader(options: PAXLSTReadOptions(clock: worldClock)).manifests(from: read.messages)
        #expect(problems.isEmpty)
        #expect(manifests.count == 1)
        let result = try #require(manifests.first)
        #expect(result.version == options.version)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.prefix(3))")
        return result.manifest
    }

    @Test("1,000 generated manifests come back equal, field by field", arguments: PAXLSTVersion.allCases)
    func generatedManifests(version: PAXLSTVersion) throws {
        #expect(Self.manifests.contains { $0.flight.legs.count > 1 })
        #expect(Self.manifests.contains { $0.travelers.contains { $0.bags != nil } })
        for manifest in Self.manifests {
            let back = try roundTrip(manifest, PAXLSTWriteOptions(version: version))
            #expect(back == manifest, "\(manifest.header.messageId)")
            if back != manifest { break }
        }
    }

    @Test("a long list is written as parts under the segment limit and merged back")
    func parts() throws {
        var generator = Generator(seed: 7)
        let plan = try generator.flight(on: CalendarDate(year: 2026, month: 5, day: 2)!)
        let manifest = generator.passengerList(for: plan, travelers: 120)
        let options = PAXLSTWriteOptions(maxSegmentsPerMessage: 400)
        let bytes = try PAXLSTWriter(options: options).write(manifest)
        let read = try InterchangeInput.read(bytes, options: .strict)
        #expect(read.messages.count > 3)
        #expect(read.messages.allSatisfy { $0.segments.count + 2 <= 400 })
        #expect(read.messages.first?.header.partIndicator == "C")
        #expect(read.messages.last?.header.partIndicator == "F")
        #expect(read.messages.map(\.header.partNumber) == (1...read.messages.count).map { String(format: "%02d", $0) })
        // Every part repeats the flight and carries the flight's total.
        #expect(read.messages.allSatisfy { $0.segments.contains { $0.tag == "TDT" } })
        #expect(read.messages.allSatisfy { $0.segments.last?[1, 2] == "120" })
        #expect(try roundTrip(manifest, options) == manifest)
    }

    @Test("pydifact, an independent reader, sees the same segments in what we write")
    func pydifactAgrees() throws {
        var generator = Generator(seed: 99)
        let plan = try generator.flight(on: CalendarDate(year: 2026, month: 8, day: 9)!)
        var manifest = generator.passengerList(for: plan, travelers: 40)
        manifest.travelers[0].surname = "O'LEARY+SMITH"  // separators in data must be released
        manifest.travelers[0].givenNames = "ANN:MARIE?"
        let bytes = try PAXLSTWriter().write(manifest)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("paxlst-\(UUID().uuidString).edi")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/pydifact_segments.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, file.path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "pydifact failed (pip install pydifact): \(stderr)")
        let theirs = try #require(try JSONSerialization.jsonObject(with: data) as? [[Any]])
        let read = try InterchangeInput.read(bytes, options: .strict)
        var ours: [Segment] = []
        if let first = read.messages.first {
            ours.append(first.interchange.segment)
            if let group = first.group { ours.append(group.segment) }
        }
        for message in read.messages {
            ours.append(message.header.segment)
            ours += message.segments
            if let trailer = message.trailer { ours.append(trailer) }
        }
        #expect(theirs.count == ours.count + 2)  // UNE and UNZ follow
        for (index, segment) in ours.enumerated() where index < theirs.count {
            let tag = theirs[index].first as? String
            let elements = theirs[index].last as? [[String]]
            #expect(tag == segment.tag)
            #expect(elements == segment.trimmed.elements, "segment \(index + 1) \(segment.tag)")
        }
        #expect(ours.contains { $0.tag == "NAD" && $0[4, 1] == "O'LEARY+SMITH" && $0[4, 2] == "ANN:MARIE?" })
    }
}
