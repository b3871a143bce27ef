import Testing
import PaxMessages
@testable import PaxRisk

/// Watch lists load from XML and CSV; bad entries are reported by line, and kept out only
/// when the user asked for lenient loading.
@Suite struct LoadingTests {
    static let xml = """
    <?xml version="1.0" encoding="UTF-8"?>
    <WatchList xmlns="urn:paxsim:api:v1" schemaVersion="1.0" listId="TEST">
      <Entry id="A1">
        <Category>Wanted</Category>
        <Action>Inspect</Action>
        <Name><Surname>DOE</Surname><GivenNames>JOHN</GivenNames></Name>
        <DateOfBirth>1970-01-01</DateOfBirth>
      </Entry>
      <Entry id="A2">
        <Category>Smuggler</Category>
        <Action>Inspect</Action>
        <Name><Surname>ROE</Surname></Name>
      </Entry>
      <Entry id="A3">
        <Category>Customs</Category>
        <Action>NoBoard</Action>
        <Name><Surname>POE</Surname></Name>
        <Nationality>XYZ</Nationality>
      </Entry>
      <Entry id="A4">
        <Category>Sanctions</Category>
        <Action>NoBoard</Action>
        <Name><Surname>MOE</Surname></Name>
        <BirthDateRange><From>1980-01-01</From><To>1979-01-01</To></BirthDateRange>
      </Entry>
    </WatchList>
    """

    func load(_ text: String, _ format: WatchListFormat, lenient: Bool = false, file: String = "list") throws(SourceLoadError) -> LoadedWatchList {
        try WatchListLoader.load(bytes: Array(text.utf8), file: file, format: format, lenient: lenient)
    }

    @Test func strictXMLRefusesABadListNamingEachLine() {
        let error = #expect(throws: SourceLoadError.self) { try load(Self.xml, .xml, file: "list.xml") }
        let problems = error?.problems ?? []
        #expect(problems.map(\.line) == [10, 18])
        #expect(problems.first?.description.hasPrefix("list.xml:10: ") == true)
        #expect(problems.first?.message.contains("Smuggler") == true)
        #expect(problems.last?.message.contains("XYZ") == true)
    }

    @Test func lenientXMLKeepsTheGoodEntries() throws {
        let loaded = try load(Self.xml, .xml, lenient: true, file: "list.xml")
        #expect(loaded.watchList.entries.map(\.id) == ["A1"])
        #expect(loaded.skipped.map(\.line) == [10, 18, 24])
        #expect(loaded.skipped[0].message.hasPrefix("entry 'A2' skipped: "))
        #expect(loaded.skipped[2].message.contains("BirthDateRange"))
    }

    @Test func brokenXMLFailsEvenWhenLenient() {
        let error = #expect(throws: SourceLoadError.self) {
            try load("<WatchList xmlns=\"urn:paxsim:api:v1\" schemaVersion=\"1.0\" listId=\"L\">\n<Entry id=\"A\">\n</WatchList>\n", .xml, lenient: true)
        }
        #expect(error?.problems.first?.line == 3)
        let doctype = #expect(throws: SourceLoadError.self) {
            try load("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<WatchList/>", .xml, lenient: true)
        }
        #expect(doctype?.problems.isEmpty == false)
    }

    @Test func xmlRootProblemsAreNotSkippable() {
        let error = #expect(throws: SourceLoadError.self) {
            try load("<WatchList xmlns=\"urn:paxsim:api:v1\" schemaVersion=\"2.0\" listId=\"L\"/>\n", .xml, lenient: true)
        }
        #expect(error?.problems.first?.line == 1)
    }

    static let csv = """
    id,category,action,surname,given_names,aliases,birth_date,nationalities,documents,remarks
    WL-1,Terrorism,NoBoard,AL-RASHID,OMAR KHALID,الراشد/عمر خالد|RASHED/UMAR,1975,SYR;JOR,P:N1234567:SYR,"Known as ""Abu Omar"", armed"
    WL-2,wanted,inspect,RIVERA ORELLANA,JOSE ERNESTO,,1979-03-08,SLV,A12345678,
    WL-3,Sanctions,Inspect,Щербаков,Юрий,,1960-01-01..1962-12-31,RUS,,"two
    lines"
    """

    @Test func csvLoadsEveryColumn() throws {
        let loaded = try load(Self.csv, .csv, file: "/data/lists/cbp-2026.csv")
        let list = loaded.watchList
        #expect(loaded.skipped.isEmpty)
        #expect(list.listId == "cbp-2026")
        #expect(list.entries.map(\.id) == ["WL-1", "WL-2", "WL-3"])
        let first = list.entries[0]
        #expect(first.names == [WatchListName(surname: "AL-RASHID", givenNames: "OMAR KHALID"),
                                WatchListName(surname: "الراشد", givenNames: "عمر خالد"),
                                WatchListName(surname: "RASHED", givenNames: "UMAR")])
        #expect(first.birthDate == .year(1975))
        #expect(first.nationalities == ["SYR", "JOR"])
        #expect(first.documents == [WatchListDocument(type: .passport, number: "N1234567", issuingState: "SYR")])
        #expect(first.remarks == "Known as \"Abu Omar\", armed")
        #expect(list.entries[1].category == .wanted && list.entries[1].action == .inspect)
        #expect(list.entries[1].documents == [WatchListDocument(number: "A12345678")])
        #expect(list.entries[2].birthDate == .range(CalendarDate(year: 1960, month: 1, day: 1)!, CalendarDate(year: 1962, month: 12, day: 31)!))
        #expect(list.entries[2].remarks == "two lines")
        // The CSV list is the same data an XML list would carry.
        #expect(try WatchList.decode(bytes: list.xml()) == list)
    }

    static let badCSV = """
    id,category,action,surname,birth_date,nationalities,documents
    OK-1,Wanted,Inspect,DOE,1970-01-01,USA,
    BAD-1,Pirate,Inspect,ROE,,,
    BAD-2,Wanted,Inspect,POE,1970-02-30,,
    BAD-3,Wanted,Inspect,MOE,,ZZZ,
    BAD-4,Wanted,Inspect,LOE,,,p-123
    OK-1,Wanted,Inspect,KOE,,,
    OK-2,Customs,NoBoard,,,,
    """

    @Test func csvBadRowsAreReportedByLine() throws {
        let error = #expect(throws: SourceLoadError.self) { try load(Self.badCSV, .csv, file: "bad.csv") }
        let problems = error?.problems ?? []
        #expect(problems.map(\.line) == [3, 4, 5, 6, 7, 8])
        #expect(problems[0].message.contains("category 'Pirate'"))
        #expect(problems[1].message.contains("birth_date '1970-02-30'"))
        #expect(problems[2].message.contains("ZZZ"))
        #expect(problems[3].message.contains("p-123"))
        #expect(problems[4].message.contains("already used on line 2"))
        #expect(problems[5].message.contains("surname is empty"))
        let lenient = try load(Self.badCSV, .csv, lenient: true, file: "bad.csv")
        #expect(lenient.watchList.entries.map(\.id) == ["OK-1"])
        #expect(lenient.skipped.count == 6)
    }

    @Test func csvHeaderProblemsFailEvenWhenLenient() {
        let unknown = #expect(throws: SourceLoadError.self) { try load("id,category,action,surname,dob\n", .csv, lenient: true) }
        #expect(unknown?.problems.first?.message.contains("unknown column 'dob'") == true)
        let missing = #expect(throws: SourceLoadError.self) { try load("id,category,surname\n", .csv, lenient: true) }
        #expect(missing?.problems.first?.message.contains("missing required column action") == true)
        let quote = #expect(throws: SourceLoadError.self) { try load("id,category,action,surname\nA,Wanted,Inspect,\"DOE\n", .csv, lenient: true) }
        #expect(quote?.problems.first?.line == 2)
    }

    @Test func formatIsDetected() {
        #expect(WatchListFormat.detect(path: "x.csv", bytes: Array("<".utf8)) == .csv)
        #expect(WatchListFormat.detect(path: "x", bytes: Array("  <?xml".utf8)) == .xml)
        #expect(WatchListFormat.detect(path: "x", bytes: Array("id,category".utf8)) == .csv)
    }

    @Test func groundTruthLinesAreParsedAndBadLinesNamed() throws {
        let good = try GroundTruth.parse(Array("""
        {"manifestMessageId": "M1", "travelerReference": "T1", "watchListEntryId": "WL-1", "perturbation": "typo"}

        {"manifestMessageId": "M1", "travelerReference": "T9", "watchListEntryId": "WL-7", "perturbation": "exact"}
        """.utf8), file: "truth.jsonl")
        #expect(good.records.map(\.travelerReference) == ["T1", "T9"])
        let error = #expect(throws: SourceLoadError.self) {
            try GroundTruth.parse(Array("{\"manifestMessageId\": \"M1\"}\n".utf8), file: "truth.jsonl")
        }
        #expect(error?.problems.first?.line == 1)
    }
}
