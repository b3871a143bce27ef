import Testing
import PaxEDIFACT

@Suite("EDIFACT writer")
struct WriterTests {
    @Test("values with separators are escaped and read back unchanged, with any separators")
    func escaping() throws {
        let awkward = ["O'LEARY", "A+B:C?D", "*#", "plain", ""]
        for characters in [ServiceCharacters.standard,
                           try #require(ServiceCharacters(una: Array(":*.? #".utf8))),
                           try #require(ServiceCharacters(una: Array("-+.?*'".utf8)))] {
            var builder = try InterchangeBuilder(
                header: InterchangeHeader(syntax: "UNOB", sender: PartyIdentification(id: "S"),
                                          recipient: PartyIdentification(id: "R"), date: "260314", time: "0900",
                                          controlReference: "REF1"),
                group: GroupHeader(messageGroup: "PAXLST", sender: PartyIdentification(id: "S"),
                                   recipient: PartyIdentification(id: "R"), date: "260314", time: "0900",
                                   reference: "G1", release: "05B"),
                characters: characters)
            try builder.begin(MessageHeader(reference: "M1", type: "PAXLST", release: "05B"))
            try builder.write(Segment("FTX", [["BAG"], [""], [""], awkward]))
            try builder.end()
            let bytes = try builder.finish()
            let result = try InterchangeInput.read(bytes, options: .strict)
            #expect(result.diagnostics.isEmpty)
            let ftx = try #require(result.messages.first?.segments.first)
            #expect(Array(ftx.elements[3].prefix(4)) == Array(awkward.prefix(4)))
        }
    }

    @Test("without a release character a separator in data is an error")
    func noRelease() throws {
        var writer = SegmentWriter(characters: try #require(ServiceCharacters(una: Array(":+.  '".utf8))))
        #expect(throws: EDIFACTError.self) { try writer.write(Segment("NAD", [["O'LEARY"]])) }
    }
}
