import Foundation
import Testing
import PaxConformance
import PaxEDIFACT
import PaxEDIFACTMapping
import PaxGenerator
import PaxMessages
import SafeXML

/// `paxsim validate` on PAXLST: schema and business-rule diagnostics of the converted manifest
/// are reported at the segment the field came from, in every report format; schedules are read
/// in the airports' zones.
@Suite("validate PAXLST: diagnostics at segment positions")
struct ConvertedDiagnosticsTests {
    static func manifest(travelers: Int = 5) throws -> TravelerManifest {
        var generator = Generator(seed: 515)
        let plan = try generator.flight(on: CalendarDate(year: 2026, month: 7, day: 3)!, from: "FRA", to: "JFK")
        return generator.passengerList(for: plan, travelers: travelers)
    }

    static func write(_ manifest: TravelerManifest) throws -> (path: String, read: ReadResult) {
        let bytes = try PAXLSTWriter().write(manifest)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("paxlst-diag-\(UUID().uuidString).edi").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, try InterchangeInput.read(bytes, options: .strict))
    }

    static func validate(_ path: String, clock: any AirportClock = WorldAirportClock()) -> FileOutcome {
        var options = ValidationOptions(catalogue: .embedded)
        options.airportClock = clock
        return FileValidator(options: options).validate(.file(path: path))
    }

    /// The segments of the n-th traveller (1-based): its NAD up to the next traveller NAD or CNT.
    static func travelerSegments(_ read: ReadResult, _ n: Int) throws -> [Segment] {
        let segments = try #require(read.messages.first).segments
        let starts = segments.indices.filter { segments[$0].tag == "NAD" && segments[$0][1] == "FL" }
        let start = starts[n - 1]
        let end = n < starts.count ? starts[n] : segments.lastIndex { $0.tag != "CNT" }.map { $0 + 1 } ?? segments.count
        return Array(segments[start..<end])
    }

    static func place(_ segment: Segment, _ element: Int, _ component: Int) -> String {
        "segment \(segment.position.segment) \(segment.tag) element \(element).\(component)"
    }

    @Test("a business-rule error names the DTM+36 and CNT segments, in text, JSON and JUnit")
    func ruleDiagnostics() throws {
        var manifest = try Self.manifest()
        let departure = try #require(manifest.flight.legs.first).scheduledDeparture.localDate
        manifest.travelers[2].documents[0].expiryDate = try #require(departure.adding(days: -30))
        manifest.totals.passengers += 1
        let (path, read) = try Self.write(manifest)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = Self.validate(path)
        #expect(outcome.status == .invalid)

        let expiry = try #require(try Self.travelerSegments(read, 3).first { $0.tag == "DTM" && $0[1, 1] == "36" })
        let expired = try #require(outcome.diagnostics.first { $0.code == "PAX-DOC-EXPIRED" })
        #expect(expired.line == expiry.position.line && expired.column == expiry.position.column)
        #expect(expired.path == Self.place(expiry, 1, 2))
        #expect(expired.message.contains("/TravelerManifest/Travelers/Traveler[3]/Documents/Document/ExpiryDate"))

        let count = try #require(read.messages.first?.segments.first { $0.tag == "CNT" && $0[1, 1] == "42" })
        let totals = try #require(outcome.diagnostics.first { $0.code == "PAX-TOTALS" })
        #expect(totals.line == count.position.line && totals.path == Self.place(count, 1, 2))

        let summary = ValidationSummary([outcome], seconds: 0)
        let text = TextReport.lines(for: outcome).joined(separator: "\n")
        #expect(text.contains("\(path):\(expiry.position.line):\(expiry.position.column)"))
        let json = String(decoding: JSONReport.render([outcome], summary: summary), as: UTF8.self)
        #expect(json.contains(Self.place(expiry, 1, 2)) && json.contains(Self.place(count, 1, 2)))
        let junit = String(decoding: JUnitReport.render([outcome], summary: summary), as: UTF8.self)
        #expect(junit.contains(Self.place(expiry, 1, 2)))
    }

    @Test("a schema error names the segment of the element: NAT of the second traveller")
    func schemaDiagnostics() throws {
        var manifest = try Self.manifest()
        manifest.travelers[1].nationality = CountryCode("X1")
        let (path, read) = try Self.write(manifest)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = Self.validate(path)
        #expect(outcome.status == .invalid)
        let nat = try #require(try Self.travelerSegments(read, 2).first { $0.tag == "NAT" })
        let schema = try #require(outcome.diagnostics.first { $0.origin == .schema })
        #expect(schema.line == nat.position.line && schema.column == nat.position.column)
        #expect(schema.path == Self.place(nat, 2, 1))
    }

    @Test("validate reads schedules in the airports' zones: a clean list has no warning at all")
    func airportClock() throws {
        let (path, _) = try Self.write(try Self.manifest())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = Self.validate(path)
        #expect(outcome.status == .valid)
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.prefix(3))")
        // Without the airports' table the local times are read as UTC, and said so.
        let unzoned = Self.validate(path, clock: UnknownAirportClock())
        #expect(unzoned.diagnostics.contains { $0.code == "EDI-VALUE" && $0.message.contains("no UTC offset known for airport FRA") })
    }
}
