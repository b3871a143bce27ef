import Testing
import PaxMessages
import SafeXML

/// The watch-list XML format: deterministic encoding, schema-valid output, faithful decoding.
@Suite struct WatchListCodingTests {
    static let sample = WatchList(
        listId: "TEST-LIST-1",
        issuedAt: Timestamp("2026-03-01T12:00:00Z"),
        entries: [
            WatchListEntry(id: "WL-1", category: .terrorism, action: .noBoard,
                           names: [WatchListName(surname: "Al-Rashid", givenNames: "Omar Khalid"),
                                   WatchListName(surname: "الراشد", givenNames: "عمر")],
                           birthDate: .exact(CalendarDate(year: 1980, month: 4, day: 12)!),
                           nationalities: ["SYR", "JOR"],
                           documents: [WatchListDocument(type: .passport, number: "N1234567", issuingState: "SYR")],
                           remarks: "Test entry & <escaped> text"),
            WatchListEntry(id: "WL-2", category: .wanted, action: .inspect,
                           names: [WatchListName(surname: "Ivanov")], birthDate: .year(1975)),
            WatchListEntry(id: "WL-3", category: .sanctions, action: .inspect,
                           names: [WatchListName(surname: "Papadopoulos", givenNames: "Nikos")],
                           birthDate: .range(CalendarDate(year: 1960, month: 1, day: 1)!, CalendarDate(year: 1965, month: 12, day: 31)!)),
            WatchListEntry(id: "WL-4", category: .lostStolenDocument, action: .inspect,
                           names: [WatchListName(surname: "Unknown")], documents: [WatchListDocument(number: "X99")]),
        ])

    @Test func encodesSchemaValidDeterministicXML() throws {
        let bytes = try Self.sample.xml()
        #expect(try Self.sample.xml() == bytes)
        let report = try WatchList.schema.validate(bytes: bytes)
        #expect(report.isValid, "\(report.diagnostics)")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("<BirthYear>1975</BirthYear>"))
        #expect(text.contains("listId=\"TEST-LIST-1\""))
    }

    @Test func roundTrips() throws {
        let decoded = try WatchList.decode(bytes: try Self.sample.xml())
        #expect(decoded == Self.sample)
    }

    @Test func duplicateIdIsRefusedByDecoderAndSchema() throws {
        var list = Self.sample
        list.entries[1].id = "WL-1"
        let bytes = try list.xml()
        #expect(!(try WatchList.schema.validate(bytes: bytes).isValid))
        let error = #expect(throws: MessageDecodingError.self) { try WatchList.decode(bytes: bytes) }
        #expect(error?.path == "/WatchList/Entry[2]/@id")
        #expect((error?.line ?? 0) > 1)
    }

    @Test func reversedBirthRangeIsRefused() throws {
        var list = Self.sample
        list.entries[2].birthDate = .range(CalendarDate(year: 1970, month: 1, day: 1)!, CalendarDate(year: 1969, month: 1, day: 1)!)
        let error = #expect(throws: MessageDecodingError.self) { try WatchList.decode(bytes: try list.xml()) }
        #expect(error?.path == "/WatchList/Entry[3]/BirthDateRange")
    }

    @Test func badDocumentNumberIsRefusedWithLine() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <WatchList xmlns="urn:paxsim:api:v1" schemaVersion="1.0" listId="L">
          <Entry id="A1">
            <Category>Wanted</Category>
            <Action>Inspect</Action>
            <Name><Surname>Doe</Surname></Name>
            <Document><Number>ab-12</Number></Document>
          </Entry>
        </WatchList>
        """
        let error = #expect(throws: MessageDecodingError.self) { try WatchList.decode(bytes: Array(xml.utf8)) }
        #expect(error?.line == 7)
        #expect(error?.path == "/WatchList/Entry/Document/Number")
    }
}
