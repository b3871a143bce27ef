import Foundation
import Testing
import PaxEDIFACT

/// `InterchangeInput.check`, the syntax-only pass behind `paxsim validate --syntax-only`: it
/// keeps no data, so it must find every envelope and syntax problem the full reader finds.
@Suite("EDIFACT syntax check")
struct SyntaxCheckTests {
    /// Checks `bytes` through a file descriptor, as the command does.
    func check(_ bytes: [UInt8], _ options: ReaderOptions = .lenient, chunkSize: Int = 1 << 16) throws -> SyntaxCheck {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("syntax-check-\(UUID().uuidString).edi")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let descriptor = open(url.path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        return InterchangeInput.check(fileDescriptor: descriptor, options: options, chunkSize: chunkSize)
    }

    static let fixtures = ["ediclean/original/A.txt", "ediclean/original/C.txt", "ediclean/reference/B.txt",
                           "ediclean/reference/F.txt", "jetway/guide-example-5-1.txt", "jetway/guide-example-5-2.txt",
                           "own/crew-d02b-no-ung.edi", "own/progressive-d05b.edi"]

    @Test("on every fixture the check reports what the full reader reports, in both modes", arguments: fixtures)
    func agreesWithTheReader(fixture: String) throws {
        let bytes = try FixtureFiles.bytes(fixture)
        for options in [ReaderOptions.lenient, .strict] {
            let checked = try check(bytes, options, chunkSize: 97)  // odd chunks: runs cross chunk boundaries
            do {
                let read = try InterchangeInput.read(bytes, options: options)
                #expect(checked.diagnostics == read.diagnostics, "\(fixture) \(options.mode)")
                #expect(checked.messages == read.messages.count)
                #expect(checked.interchanges == read.interchanges.count)
                // Every segment but UNA: the messages' bodies plus their UNH/UNT, plus UNB/UNZ and UNG/UNE.
                let envelopes = read.interchanges.count * 2 + read.messages.count * 2
                    + Set(read.messages.compactMap { $0.group?.reference }).count * 2
                #expect(checked.segments == read.messages.reduce(envelopes) { $0 + $1.segments.count })
                #expect(checked.messageTypes == ["PAXLST": read.messages.count])
            } catch {
                // The reader stops at the first fatal error (strict mode on a telex envelope): so does the check.
                #expect(checked.diagnostics.last == error.diagnostic, "\(fixture) \(options.mode)")
                #expect(checked.hasErrors)
            }
        }
    }

    static let clean = "UNB+UNOA:4+A+B+210101:0000+R1'UNG+PAXLST+A+B+210101:0000+G1+UN+D:05B'"
        + "UNH+1+PAXLST:D:05B:UN'BGM+745'NAD+FL+++DOE:JOHN'UNT+4+1'UNE+1+G1'UNZ+1+R1'"

    @Test("a clean interchange: no diagnostic, every segment counted")
    func cleanInterchange() throws {
        let checked = try check(Array(Self.clean.utf8), .strict)
        #expect(checked.diagnostics.isEmpty)
        #expect(checked.segments == 8 && checked.messages == 1 && checked.interchanges == 1)
    }

    /// Each case plants one envelope defect into the clean interchange: (what, text, code, tag).
    static let planted: [(String, String, EDIFACTDiagnosticCode, String)] = [
        ("UNT count", clean.replacingOccurrences(of: "UNT+4+1", with: "UNT+5+1"), .controlCount, "UNT"),
        ("UNT reference", clean.replacingOccurrences(of: "UNT+4+1", with: "UNT+4+2"), .controlReference, "UNT"),
        ("UNE count", clean.replacingOccurrences(of: "UNE+1+G1", with: "UNE+2+G1"), .controlCount, "UNE"),
        ("UNE reference", clean.replacingOccurrences(of: "UNE+1+G1", with: "UNE+1+G9"), .controlReference, "UNE"),
        ("UNZ count", clean.replacingOccurrences(of: "UNZ+1+R1", with: "UNZ+3+R1"), .controlCount, "UNZ"),
        ("UNZ reference", clean.replacingOccurrences(of: "UNZ+1+R1", with: "UNZ+1+R2"), .controlReference, "UNZ"),
        ("no UNZ", clean.replacingOccurrences(of: "UNZ+1+R1'", with: ""), .envelopeStructure, "UNZ"),
        ("no UNH reference", clean.replacingOccurrences(of: "UNH+1+", with: "UNH++"), .missing, "UNH"),
    ]

    @Test("a planted envelope defect is reported at its trailer: warning lenient, error strict", arguments: planted)
    func plantedEnvelopeDefects(what: String, text: String, code: EDIFACTDiagnosticCode, tag: String) throws {
        let strict = try check(Array(text.utf8), .strict)
        #expect(strict.diagnostics.map(\.code).contains(code), "\(what): \(strict.diagnostics)")
        #expect(strict.diagnostics.contains { $0.code == code && $0.tag == tag && $0.severity == .error }, "\(what)")
        #expect(strict.diagnostics == (try InterchangeInput.read(Array(text.utf8), options: .strict)).diagnostics)
        let lenient = try check(Array(text.utf8))
        #expect(lenient.diagnostics.contains { $0.code == code && $0.severity == .warning }, "\(what)")
    }

    @Test("a syntax error inside a data segment stops the check with its position, though values are not kept")
    func dataSegmentErrors() throws {
        let badByte = Self.clean.replacingOccurrences(of: "DOE:JOHN", with: "DOE:JO\u{00E9}N")
        let stopped = try check(Array(badByte.utf8))
        let last = try #require(stopped.diagnostics.last)
        #expect(last.severity == .error && last.code == .invalidCharacter && last.tag == "NAD")
        #expect(last.position.segment == 5 && last.position.element == 4 && last.position.component == 2)

        let badTag = Self.clean.replacingOccurrences(of: "BGM+745", with: "bgm+745")
        #expect(try check(Array(badTag.utf8)).diagnostics.last?.code == .invalidTag)

        let outOfPlace = Self.clean.replacingOccurrences(of: "UNH+1+PAXLST:D:05B:UN'", with: "")
        let misplaced = try check(Array(outOfPlace.utf8))
        #expect(misplaced.diagnostics.last?.code == .envelopeStructure)
        #expect(misplaced.diagnostics.last?.tag == "BGM")

        let manyComponents = Array(Self.clean.replacingOccurrences(of: "DOE:JOHN", with: "DOE:JOHN" + String(repeating: ":", count: 200)).utf8)
        let limited = try check(manyComponents)
        #expect(limited.diagnostics.last?.code == .limitExceeded)
        #expect(limited.diagnostics.last?.position.element == 4)

        let truncated = try check(Array(Self.clean.prefix(90).utf8))
        #expect(truncated.diagnostics.last?.code == .truncated)
    }

    @Test("a long message is counted, not kept: its UNT count is checked all the same")
    func longMessage() throws {
        let head = "UNB+UNOA:4+A+B+210101:0000+R1'UNH+1+PAXLST:D:05B:UN'"
        let body = String(repeating: "NAD+FL+++DOE:JOHN+1 MAIN STREET+SPRINGFIELD'", count: 200_000)
        let text = head + body + "UNT+200002+1'UNZ+1+R1'"
        let checked = try check(Array(text.utf8), .strict)
        #expect(checked.diagnostics.isEmpty, "\(checked.diagnostics)")
        #expect(checked.segments == 200_004)
        let miscounted = try check(Array(text.replacingOccurrences(of: "UNT+200002+1", with: "UNT+200001+1").utf8), .strict)
        #expect(miscounted.diagnostics.map(\.code) == [.controlCount])
    }
}
