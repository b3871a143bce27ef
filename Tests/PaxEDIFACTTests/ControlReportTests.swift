import Testing
import PaxEDIFACT

/// CONTRL answers written by hand from the syntax rules (UCI on the interchange, UCM per
/// message, UCS with the segment's position in its message counting UNH as 1, UCD with the
/// element:component position; action 4 rejected / 7 acknowledged; errors 12, 28, 29).
@Suite("CONTRL")
struct ControlReportTests {
    func report(for bytes: [UInt8], _ options: ReaderOptions, extra: [EDIFACTDiagnostic] = []) throws -> ControlReport {
        let read = try InterchangeInput.read(bytes, options: options)
        let interchange = try #require(read.interchanges.first)
        return ControlReport(interchange: interchange, messages: read.messages, diagnostics: read.diagnostics + extra)
    }

    @Test("a real list with a wrong UNT count is acknowledged with error 29 on UNT")
    func wrongCount() throws {
        let report = try report(for: try FixtureFiles.bytes("ediclean/reference/B.txt"), .lenient)
        let bytes = try report.interchange(reference: "CTL1", date: "210827", time: "0100")
        let expected = """
            UNA:+.? '
            UNB+UNOA:4+ABCAPIS:ZZ+SDT:ZZ+210827:0100+CTL1'
            UNH+CTL1+CONTRL:D:3:UN'
            UCI+2108270031+SDT:ZZ+ABCAPIS:ZZ+7'
            UCM+2108270031+PAXLST:D:05B:UN+7+29+UNT'
            UNT+4+CTL1'
            UNZ+1+CTL1'

            """
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        let back = try InterchangeInput.read(bytes, options: .strict)
        #expect(back.diagnostics.isEmpty)
        #expect(ControlReport(try #require(back.messages.first)) == report)
    }

    @Test("strict reading rejects mismatched references: 28 on UNT in UCM, 28 on UNZ in UCI")
    func references() throws {
        let text = "UNB+UNOA:4+A+B+210101:0000+R1'UNH+1+PAXLST:D:05B:UN'BGM+745'UNT+3+2'UNZ+1+R9'"
        let report = try report(for: Array(text.utf8), .strict)
        let lines = report.segments.map { segment -> String in
            var writer = SegmentWriter(segmentSuffix: [])
            try? writer.write(segment)
            return String(decoding: writer.take(), as: UTF8.self)
        }
        #expect(lines == ["UCI+R1+A+B+4+28+UNZ'", "UCM+1+PAXLST:D:05B:UN+4+28+UNT'"])
    }

    @Test("an invalid element is reported as UCS with the segment's position and UCD with element:component")
    func elementError() throws {
        let text = "UNB+UNOA:4+A+B+210101:0000+R1'UNH+1+PAXLST:D:05B:UN'BGM+745'DTM+329:991399'UNT+4+1'UNZ+1+R1'"
        let read = try InterchangeInput.read(Array(text.utf8), options: .strict)
        let dtm = try #require(read.messages.first?.segments.last)
        let bad = EDIFACTDiagnostic(.error, .invalidValue, at: dtm.position(element: 1, component: 2), tag: "DTM", "not a date")
        let report = try report(for: Array(text.utf8), .strict, extra: [bad])
        let bytes = try report.interchange(reference: "C2", date: "210101", time: "0001")
        let text2 = String(decoding: bytes, as: UTF8.self)
        #expect(text2.contains("UCI+R1+A+B+7'\nUCM+1+PAXLST:D:05B:UN+4'\nUCS+3'\nUCD+12+1:2'\nUNT+6+C2'"))
        let back = try InterchangeInput.read(bytes, options: .strict)
        #expect(ControlReport(try #require(back.messages.first)) == report)
    }
}
