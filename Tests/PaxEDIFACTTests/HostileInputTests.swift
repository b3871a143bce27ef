import Testing
import PaxEDIFACT

@Suite("EDIFACT hostile input")
struct HostileInputTests {
    static let head = Array("UNB+UNOA:4+A+B+210101:0000+R1'UNH+1+PAXLST:D:05B:UN'".utf8)

    /// Feeds `head`, then `count` copies of `chunk` without ever holding them all.
    func feedRepeated(_ chunk: [UInt8], count: Int, tail: [UInt8] = [], options: ReaderOptions = .lenient) throws {
        var reader = InterchangeReader(options: options)
        try reader.feed(Self.head) { _ in }
        for _ in 0..<count { try reader.feed(chunk) { _ in } }
        try reader.feed(tail) { _ in }
        try reader.finish()
    }

    @Test("an unterminated release at the end of input is an error naming the segment")
    func unterminatedRelease() {
        let error = #expect(throws: EDIFACTError.self) {
            _ = try InterchangeInput.read(Array("UNB+UNOA:4+A+B+210101:0000+R1'UNH+1+PAXLST:D:05B:UN'NAD+FL+++X?".utf8))
        }
        #expect(error?.diagnostic.code == .truncated)
        #expect(error?.diagnostic.tag == "NAD")
        #expect(error?.diagnostic.message.contains("release") == true)
    }

    @Test("a 100 MB segment stops at the segment limit without buffering it")
    func hugeSegment() {
        let chunk = [UInt8](repeating: UInt8(ascii: "A"), count: 1 << 20)
        let error = #expect(throws: EDIFACTError.self) {
            try feedRepeated(Array("FTX+BAG+++".utf8) + chunk, count: 100)
        }
        #expect(error?.diagnostic.code == .limitExceeded)
        #expect(error?.diagnostic.tag == "FTX")
        #expect(error?.diagnostic.position.segment == 3)
    }

    @Test("millions of empty elements hit the element limit")
    func manyEmptyElements() {
        let plusses = [UInt8](repeating: UInt8(ascii: "+"), count: 1 << 16)
        let options = ReaderOptions(maxSegmentBytes: 8 << 20)
        let error = #expect(throws: EDIFACTError.self) {
            try feedRepeated(Array("NAD".utf8) + plusses, count: 40, options: options)
        }
        #expect(error?.diagnostic.code == .limitExceeded)
        #expect(error?.diagnostic.message.contains("elements") == true)
    }

    @Test("too many components in one element hit the component limit")
    func manyComponents() {
        let colons = [UInt8](repeating: UInt8(ascii: ":"), count: 10_000)
        let error = #expect(throws: EDIFACTError.self) {
            try feedRepeated(Array("NAD+".utf8) + colons + Array("'".utf8), count: 1)
        }
        #expect(error?.diagnostic.code == .limitExceeded)
        #expect(error?.diagnostic.position.element == 1)
    }

    @Test("control bytes and invalid bytes for the syntax level are refused with their position")
    func invalidBytes() {
        for bad: UInt8 in [0x00, 0x7F, 0xFF, 0x1B] {
            let error = #expect(throws: EDIFACTError.self) {
                try feedRepeated([], count: 0, tail: Array("BGM+74".utf8) + [bad] + Array("5'UNT+3+1'UNZ+1+R1'".utf8))
            }
            #expect(error?.diagnostic.code == .invalidCharacter)
            #expect(error?.diagnostic.tag == "BGM")
        }
    }

    @Test("input with no interchange, or that ends inside one, is an error")
    func noInterchange() throws {
        #expect(throws: EDIFACTError.self) { _ = try InterchangeInput.read(Array("hello world".utf8)) }
        #expect(throws: EDIFACTError.self) { _ = try InterchangeInput.read(Array("UNB+UNOA:4+A+B+210101:0000+R1'UNH+1".utf8)) }
        let open = try InterchangeInput.read(Array("UNB+UNOA:4+A+B+210101:0000+R1'UNH+1+X:D:1:UN'BGM+1'".utf8))
        #expect(open.messages.isEmpty)
        #expect(open.diagnostics.map(\.tag) == ["UNT", "UNZ"])
    }

    @Test("a bad UNA is refused")
    func badServiceString() {
        let error = #expect(throws: EDIFACTError.self) {
            _ = try InterchangeInput.read(Array("UNA::.? 'UNB+UNOA:4+A+B+1:1+R'".utf8))
        }
        #expect(error?.diagnostic.code == .invalidServiceString)
    }
}
