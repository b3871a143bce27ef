import Testing
import PaxEDIFACT
import PaxEDIFACTMapping
import PaxMessages

/// CUSRES answers written by hand from the interactive-API rules.
@Suite("CUSRES")
struct CUSRESTests {
    func manifestB() throws -> TravelerManifest {
        let read = try InterchangeInput.read(try FixtureFiles.bytes("ediclean/original/C.txt"))
        let reader = PAXLSTReader(options: PAXLSTReadOptions(clock: SampleClock()))
        return try #require(reader.manifests(from: read.messages).manifests.first?.manifest)
    }

    @Test("planted subjects get 1Z and 2Z, the cleared 0Z, the unassessed 4Z; the TN is echoed")
    func golden() throws {
        let manifest = try manifestB()
        let refs = manifest.travelers.map(\.reference)
        #expect(refs == ["EDI-0001", "EDI-0002", "EDI-0003"])
        let header = MessageHeader(messageId: "US-CBP:RA:0001", sender: "US-CBP", receiver: "SV-DGME",
                                   createdAt: manifest.header.createdAt)
        let assessment = RiskAssessment(header: header, manifestMessageId: manifest.header.messageId,
                                        assessedAt: manifest.header.createdAt, assessments: [
            TravelerAssessment(travelerReference: "EDI-0001", outcome: .noBoard, score: UnitScore(clamping: 0.97),
                               reasons: [AssessmentReason(kind: .watchList, sourceId: "WL-7", text: "WATCH LIST WL-7")]),
            TravelerAssessment(travelerReference: "EDI-0002", outcome: .inspect, score: UnitScore(clamping: 0.6),
                               reasons: [AssessmentReason(kind: .rule, sourceId: "R1", text: "ROUTE RULE R1")]),
        ])
        var assessed = assessment
        assessed.assessments.append(TravelerAssessment(travelerReference: "NOBODY", outcome: .cleared, score: UnitScore(clamping: 0)))
        let response = CUSRESResponse(answering: manifest, with: assessed)
        let bytes = try response.interchange(sender: "ABCAPIS", recipient: "SDT", reference: "R1", date: "210827", time: "0032")
        let expected = """
            UNA:+.? '
            UNB+UNOA:4+ABCAPIS+SDT+210827:0032+R1'
            UNH+R1+CUSRES:D:05B:UN:IATA'
            BGM+962'
            RFF+TN:EDI-2108270031-2108270031'
            RFF+AF:B2740'
            DTM+189:2108270415:201'
            LOC+125+VIE'
            LOC+87+FRA'
            ERP+2'
            RFF+AVF:DHOLDH'
            RFF+ABO:EDI-0001'
            ERC+1Z'
            FTX+AAP+++WATCH LIST WL-7'
            ERP+2'
            RFF+AVF:DHOLDH'
            RFF+ABO:EDI-0002'
            ERC+2Z'
            FTX+AAP+++ROUTE RULE R1'
            ERP+2'
            RFF+AVF:DHOLDH'
            RFF+ABO:EDI-0003'
            ERC+4Z'
            FTX+AAP+++NOT ASSESSED'
            UNT+23+R1'
            UNZ+1+R1'

            """
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        let back = try InterchangeInput.read(bytes, options: .strict)
        #expect(back.diagnostics.isEmpty)
        #expect(CUSRESResponse(try #require(back.messages.first)) == response)
    }

    @Test("message-level errors are ERP+1 with ERC and FTX, and read back")
    func messageErrors() throws {
        let response = CUSRESResponse(transactionReference: "TN1", legs: [],
                                      errors: [CUSRESResponse.MessageError(code: "29", text: "UNT COUNT")], travelers: [])
        let bytes = try response.interchange(sender: "A", recipient: "B", reference: "R2", date: "260101", time: "0000")
        #expect(String(decoding: bytes, as: UTF8.self).contains("ERP+1'\nERC+29'\nFTX+AAP+++UNT COUNT'\n"))
        let back = try InterchangeInput.read(bytes, options: .strict)
        #expect(CUSRESResponse(try #require(back.messages.first)) == response)
    }
}
