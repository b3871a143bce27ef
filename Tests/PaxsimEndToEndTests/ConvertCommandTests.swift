import Foundation
import Testing
import PaxMessages

/// `paxsim convert` run as a real process on the PAXLST samples.
@Suite("paxsim convert")
struct ConvertCommandTests {
    static let fixtures = Paxsim.repository.appendingPathComponent("Tests/PaxEDIFACTTests/Fixtures")

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paxsim-convert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a messy real transmission converts leniently, warnings name file, line and segment")
    func lenient() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let input = Self.fixtures.appendingPathComponent("ediclean/original/C.txt").path
        let run = try Paxsim.run(["convert", input, "--to", "xml", "-o", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("\(input):") && run.stderr.contains("UNT element 1.1: warning EDI-COUNT"))
        let xml = try String(contentsOf: out.appendingPathComponent("C.xml"), encoding: .utf8)
        #expect(xml.components(separatedBy: "<Traveler ").count - 1 == 3)
        #expect(xml.contains("<Surname>RDEERF</Surname>"))
    }

    @Test("strict mode refuses the same file, exits 1 and writes nothing")
    func strict() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let input = Self.fixtures.appendingPathComponent("ediclean/original/C.txt").path
        let run = try Paxsim.run(["convert", input, "--to", "xml", "--strict", "-o", out.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error EDI-NOISE"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test("XML to PAXLST and back gives the same travellers; bad options exit 2")
    func bothWays() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let generated = try Paxsim.run(["generate", "--seed", "11", "--travelers", "5", "--out", out.appendingPathComponent("xml").path])
        #expect(generated.status == 0)
        let xmlFiles = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("xml").path).filter { $0.hasSuffix(".xml") }
        let xmlPath = out.appendingPathComponent("xml").appendingPathComponent(try #require(xmlFiles.first)).path
        let toEdi = try Paxsim.run(["convert", xmlPath, "--to", "paxlst", "--version", "D02B", "-o", out.appendingPathComponent("edi").path])
        #expect(toEdi.status == 0, "\(toEdi.stderr)")
        let ediPath = toEdi.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let edi = try String(contentsOfFile: ediPath, encoding: .utf8)
        #expect(edi.contains("PAXLST:D:02B:UN:IATA"))
        let back = try Paxsim.run(["convert", ediPath, "--to", "xml", "--strict", "-o", out.appendingPathComponent("back").path])
        #expect(back.status == 0, "\(back.stderr)")
        let original = try String(contentsOfFile: xmlPath, encoding: .utf8)
        let again = try String(contentsOfFile: back.stdout.trimmingCharacters(in: .whitespacesAndNewlines), encoding: .utf8)
        func travelers(_ xml: String) -> String { String(xml[(xml.range(of: "<Travelers>")?.lowerBound ?? xml.startIndex)...]) }
        #expect(travelers(original) == travelers(again))
        #expect(try Paxsim.run(["convert", xmlPath, "--to", "csv"]).status == 2)
        #expect(try Paxsim.run(["convert", xmlPath, "--to", "paxlst", "--version", "D99A"]).status == 2)
    }

    @Test("input that is neither a manifest nor an interchange is an error naming the file")
    func garbage() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let bad = out.appendingPathComponent("bad.edi")
        try Data("UNB+UNOA:4+A+B+210101:0000+R1'UNH+1+PAXLST:D:05B:UN'NAD+FL+++X?".utf8).write(to: bad)
        let run = try Paxsim.run(["convert", bad.path, "--to", "xml", "-o", out.appendingPathComponent("o").path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(bad.path):1:") && run.stderr.contains("NAD") && run.stderr.contains("release"))
    }

    @Test("paxsim validate recognises EDIFACT: syntax, mapping and business-rule diagnostics in one report")
    func validateEDIFACT() throws {
        let input = Self.fixtures.appendingPathComponent("ediclean/original/B.txt").path
        let run = try Paxsim.run(["validate", input])
        #expect(run.status == 1)
        #expect(run.stdout.contains("[EDI-COUNT]") && run.stdout.contains("segment 24 UNT element 1.1"))
        #expect(run.stdout.contains("[PAX-TOTALS]"))
        let json = try Paxsim.run(["validate", "--format", "json", input])
        #expect(json.stdout.contains("\"code\" : \"EDI-NOISE\""))
    }
}

/// `paxsim respond` run as a real process.
@Suite("paxsim respond")
struct RespondCommandTests {
    @Test("a CUSRES says 1Z and 2Z for exactly the flagged travellers of a real PAXLST")
    func cusres() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paxsim-respond-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let paxlst = ConvertCommandTests.fixtures.appendingPathComponent("ediclean/reference/C.txt").path
        let created = try #require(Timestamp("2021-08-27T00:40:00Z"))
        let assessment = RiskAssessment(
            header: MessageHeader(messageId: "ZZ-GATEWAY:RA:1", sender: "ZZ-GATEWAY", receiver: "ZZ-CARRIER", createdAt: created),
            manifestMessageId: "EDI-2108270031-2108270031", assessedAt: created,
            assessments: [
                TravelerAssessment(travelerReference: "EDI-0001", outcome: .cleared, score: UnitScore(clamping: 0.1)),
                TravelerAssessment(travelerReference: "EDI-0002", outcome: .noBoard, score: UnitScore(clamping: 0.99),
                                   reasons: [AssessmentReason(kind: .watchList, sourceId: "WL-1", text: "WATCH LIST WL-1")]),
                TravelerAssessment(travelerReference: "EDI-0003", outcome: .inspect, score: UnitScore(clamping: 0.5)),
            ])
        let assessmentPath = directory.appendingPathComponent("assessment.xml")
        try Data(try assessment.xml()).write(to: assessmentPath)
        let run = try Paxsim.run(["respond", assessmentPath.path, "--manifest", paxlst, "--to", "cusres"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("BGM+962'\nRFF+TN:EDI-2108270031-2108270031'"))
        #expect(run.stdout.contains("RFF+ABO:EDI-0001'\nERC+0Z'"))
        #expect(run.stdout.contains("RFF+ABO:EDI-0002'\nERC+1Z'\nFTX+AAP+++WATCH LIST WL-1'"))
        #expect(run.stdout.contains("RFF+ABO:EDI-0003'\nERC+2Z'"))
        #expect(try Paxsim.run(["respond", paxlst, "--manifest", paxlst]).status == 1)
    }
}
