import Testing
import PaxEDIFACT

@Suite("EDIFACT lexer and envelopes")
struct LexerTests {
    static let samples = ["A", "B", "C", "F"]

    func read(_ text: String, _ options: ReaderOptions = .lenient) throws -> ReadResult {
        try InterchangeInput.read(Array(text.utf8), options: options)
    }

    func flat(_ result: ReadResult) -> [Segment] {
        result.messages.flatMap { $0.segments }
    }

    @Test("a messy original reads to the same segments as its cleaned reference", arguments: samples)
    func originalMatchesReference(name: String) throws {
        let original = try InterchangeInput.read(try FixtureFiles.bytes("ediclean/original/\(name).txt"))
        let reference = try InterchangeInput.read(try FixtureFiles.bytes("ediclean/reference/\(name).txt"))
        #expect(original.messages.count == 1)
        let a = original.messages.flatMap { $0.segments }.map { [$0.tag] + $0.elements.flatMap { $0 } }
        let b = reference.messages.flatMap { $0.segments }.map { [$0.tag] + $0.elements.flatMap { $0 } }
        #expect(a == b)
        #expect(original.messages.first?.header.reference == reference.messages.first?.header.reference)
        #expect(original.interchanges.map(\.controlReference) == reference.interchanges.map(\.controlReference))
    }

    @Test("lenient reading of the originals warns about the telex envelope and the wrapping")
    func lenientWarnings() throws {
        let a = try InterchangeInput.read(try FixtureFiles.bytes("ediclean/original/A.txt"))
        let codes = Set(a.diagnostics.map(\.code))
        #expect(codes.contains(.envelopeNoise))
        #expect(codes.contains(.lineBreakInSegment))
        #expect(a.diagnostics.allSatisfy { $0.severity == .warning })
        // "CNT+42:4" CR LF "7'" is one value, 47, once the wrap is removed.
        let cnt = a.messages[0].segments.first { $0.tag == "CNT" }
        #expect(cnt?[1, 2] == "47")
        // The first wrapped segment is UNB's end on line 4: the warning names that line.
        let wrap = a.diagnostics.first { $0.code == .lineBreakInSegment }
        #expect(wrap?.position.line == 4)
    }

    @Test("strict mode refuses the telex envelope of every original", arguments: samples)
    func strictRefusesOriginals(name: String) throws {
        #expect(throws: EDIFACTError.self) {
            _ = try InterchangeInput.read(try FixtureFiles.bytes("ediclean/original/\(name).txt"), options: .strict)
        }
    }

    /// The UNT counts as the files have them and as counted by hand (UNH to UNT inclusive).
    static let untDefects: [(String, String, Int)] = [
        ("ediclean/reference/A.txt", "159", 25), ("ediclean/reference/B.txt", "155", 22),
        ("ediclean/reference/C.txt", "152", 50), ("ediclean/reference/F.txt", "87", 24),
        ("jetway/guide-example-5-2.txt", "20", 21),
    ]

    @Test("strict mode reports exactly the wrong UNT count of each sample", arguments: untDefects)
    func strictReportsCounts(file: String, written: String, counted: Int) throws {
        let result = try InterchangeInput.read(try FixtureFiles.bytes(file), options: .strict)
        #expect(result.diagnostics.count == 1)
        let only = try #require(result.diagnostics.first)
        #expect(only.severity == .error)
        #expect(only.code == .controlCount)
        #expect(only.tag == "UNT")
        #expect(only.position.element == 1)
        #expect(only.message.contains("'\(written)'") && only.message.contains("\(counted) segments"))
        #expect(only.code.syntaxErrorCode == "29")
    }

    @Test("the guide's example 5.1 is clean: no diagnostic in strict mode")
    func cleanExample() throws {
        let result = try InterchangeInput.read(try FixtureFiles.bytes("jetway/guide-example-5-1.txt"), options: .strict)
        #expect(result.diagnostics.isEmpty)
        #expect(result.messages.count == 1)
        #expect(result.messages[0].header.release == "15B")
        #expect(result.messages[0].group?.reference == "000000001")
    }

    @Test("custom separators from UNA and the release character")
    func releaseAndSeparators() throws {
        let text = "UNA:*.? #UNB*UNOB:4*A*B*210101:0000*R1#UNH*1*PAXLST:D:05B:UN:IATA#"
            + "NAD*FL***O?#LEARY?*X:JO?:HN???:#UNT*3*1#UNZ*1*R1#"
        let result = try read(text, .strict)
        let nad = try #require(result.messages.first?.segments.first)
        #expect(nad[4, 1] == "O#LEARY*X")
        #expect(nad[4, 2] == "JO:HN?:")
        #expect(result.diagnostics.isEmpty)
        #expect(result.characters.segmentTerminator == UInt8(ascii: "#"))
    }

    @Test("without UNA the defaults hold; a reference mismatch is reported with CONTRL code 28")
    func defaultsAndReferences() throws {
        let text = "UNB+UNOA:4+A+B+210101:0000+R1'UNH+1+PAXLST:D:05B:UN'BGM+745'UNT+3+2'UNZ+1+R9'"
        let result = try read(text, .strict)
        #expect(result.messages.count == 1)
        let codes = result.diagnostics.map(\.code)
        #expect(codes == [.controlReference, .controlReference])
        #expect(result.diagnostics.map(\.tag) == ["UNT", "UNZ"])
        #expect(EDIFACTDiagnosticCode.controlReference.syntaxErrorCode == "28")
        let lenient = try read(text)
        #expect(lenient.diagnostics.allSatisfy { $0.severity == .warning } && lenient.diagnostics.count == 2)
    }

    @Test("positions: segment number, line and column of each segment")
    func positions() throws {
        let text = "UNB+UNOA:4+A+B+210101:0000+R1'\nUNH+1+PAXLST:D:05B:UN'\n  BGM+745'UNT+3+1'\nUNZ+1+R1'"
        let result = try read(text)
        let bgm = try #require(result.messages.first?.segments.first)
        #expect(bgm.position.segment == 3)
        #expect(bgm.position.line == 3)
        #expect(bgm.position.column == 3)
        #expect(result.diagnostics.contains { $0.code == .envelopeNoise })  // the leading blanks
        #expect(throws: EDIFACTError.self) { _ = try read(text, .strict) }
    }

    @Test("syntax levels: UNOA refuses bytes beyond ASCII, UNOC reads UTF-8 and Latin-1")
    func syntaxLevels() throws {
        let unoa = "UNB+UNOA:4+A+B+210101:0000+R1'UNH+1+PAXLST:D:05B:UN'NAD+FL+++M\u{00FC}LLER'UNT+3+1'UNZ+1+R1'"
        let error = #expect(throws: EDIFACTError.self) { _ = try read(unoa) }
        #expect(error?.diagnostic.code == .invalidCharacter)
        #expect(error?.diagnostic.tag == "NAD")
        #expect(error?.diagnostic.position.element == 4)
        let unoc = unoa.replacingOccurrences(of: "UNOA", with: "UNOC")
        let fromUTF8 = try read(unoc, .strict)
        #expect(fromUTF8.messages[0].segments[0][4, 1] == "M\u{00FC}LLER")
        var latin1 = Array(unoc.utf8)
        if let index = latin1.firstIndex(of: 0xC3) { latin1.replaceSubrange(index...index + 1, with: [0xFC]) }
        let fromLatin1 = try InterchangeInput.read(latin1, options: .strict)
        #expect(fromLatin1.messages[0].segments[0][4, 1] == "M\u{00FC}LLER")
        // Lower case under UNOA: real senders do it; lenient warns, strict refuses.
        let lower = "UNB+UNOA:4+A+B+210101:0000+R1'UNH+1+PAXLST:D:05B:UN'NAD+FL+++Smith'UNT+3+1'UNZ+1+R1'"
        #expect(try read(lower).diagnostics.map(\.code) == [.invalidCharacter])
        #expect(throws: EDIFACTError.self) { _ = try read(lower, .strict) }
    }

    @Test("chunk boundaries do not matter: byte-by-byte feeding gives the same segments")
    func chunking() throws {
        let bytes = try FixtureFiles.bytes("ediclean/original/C.txt")
        var reader = InterchangeReader()
        var messages: [EDIFACTMessage] = []
        for byte in bytes { try reader.feed([byte]) { messages.append($0) } }
        try reader.finish()
        let whole = try InterchangeInput.read(bytes)
        #expect(messages == whole.messages)
        #expect(reader.diagnostics == whole.diagnostics)
    }

    @Test("reading a file descriptor streams the same messages")
    func fileDescriptor() throws {
        let result = try InterchangeInput.read(path: FixtureFiles.path("ediclean/original/B.txt"))
        #expect(result.messages.count == 1)
        #expect(result.messages[0].segments.count == 20)
        let missing = #expect(throws: EDIFACTError.self) { _ = try InterchangeInput.read(path: "/nonexistent/x.edi") }
        #expect(missing?.diagnostic.code == .io)
    }
}

