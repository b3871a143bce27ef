import Foundation
import PaxMessages
import SafeXML
import PaxTestSupport
import Testing

/// Decoding errors name the element path, the line and the problem; nothing is dropped.
@Suite struct DecodingTests {
    /// The passenger sample with `transform` applied to its text.
    private func manifest(_ transform: (String) throws -> String) throws -> String {
        try transform(try MessageFixtures.sample("manifest-passenger.xml"))
    }

    /// The 1-based line of the first occurrence of `needle` at or after `after` in `text`.
    private func line(of needle: String, in text: String, after anchor: String? = nil) throws -> Int {
        let start = try anchor.map { try #require(text.range(of: $0)).lowerBound } ?? text.startIndex
        let range = try #require(text.range(of: needle, range: start..<text.endIndex))
        return text[..<range.lowerBound].count { $0 == "\n" } + 1
    }

    private func decodingError(_ text: String) throws -> MessageDecodingError {
        do {
            _ = try PaxMessage.decode(bytes: Array(text.utf8))
        } catch {
            return error
        }
        Issue.record("decoding succeeded")
        throw CancellationError()
    }

    private let thirdTraveler = "<Traveler reference=\"TA570-0314-003\">"

    // MARK: Errors

    @Test func wrongValueNamesPathAndLine() throws {
        let text = try manifest { $0.replacingOccurrences(of: "<DateOfBirth>2016-05-18</DateOfBirth>",
                                                          with: "<DateOfBirth>2016-02-30</DateOfBirth>") }
        let error = try decodingError(text)
        #expect(error.path == "/TravelerManifest/Travelers/Traveler[3]/DateOfBirth")
        #expect(error.line == (try line(of: "<DateOfBirth>2016-02-30", in: text)))
        guard case .invalidValue(let value, _) = error.problem else { Issue.record("\(error)"); return }
        #expect(value == "2016-02-30")
        #expect(error.description.contains("2016-02-30"))
    }

    @Test func missingElementNamesWhereItShouldBe() throws {
        let text = try manifest { $0.replacingOccurrences(of: "<DateOfBirth>2016-05-18</DateOfBirth>\n      ", with: "") }
        let error = try decodingError(text)
        #expect(error.path == "/TravelerManifest/Travelers/Traveler[3]/DateOfBirth")
        #expect(error.problem == .missingElement("DateOfBirth", found: "Nationality"))
        #expect(error.line == (try line(of: "<Nationality>", in: text, after: thirdTraveler)))
    }

    @Test func missingElementAtTheEndPointsAtItsParent() throws {
        let text = try manifest { $0.replacingOccurrences(of: "    <Crew>0</Crew>\n", with: "") }
        let error = try decodingError(text)
        #expect(error.path == "/TravelerManifest/Totals/Crew")
        #expect(error.problem == .missingElement("Crew", found: nil))
        #expect(error.line == (try line(of: "<Totals>", in: text)))
    }

    @Test func unknownElementOfOurNamespaceIsReported() throws {
        let text = try manifest {
            $0.replacingOccurrences(of: "<Surname>HERNÁNDEZ MARTÍNEZ</Surname>",
                                    with: "<Surname>HERNÁNDEZ MARTÍNEZ</Surname>\n      <Nickname>Sofi</Nickname>")
        }
        let error = try decodingError(text)
        #expect(error.problem == .unexpectedElement(QualifiedName(namespace: PaxMessage.namespace, localName: "Nickname")))
        #expect(error.path == "/TravelerManifest/Travelers/Traveler[3]/Nickname")
        #expect(error.line == (try line(of: "<Nickname>", in: text)))
        #expect(error.message.contains("Nickname"))
    }

    @Test func unexpectedElementAfterTheLastKnownOneIsReported() throws {
        let text = try manifest { $0.replacingOccurrences(of: "</Totals>", with: "</Totals>\n  <Remarks>late</Remarks>") }
        let error = try decodingError(text)
        #expect(error.problem == .unexpectedElement(QualifiedName(namespace: PaxMessage.namespace, localName: "Remarks")))
        #expect(error.path == "/TravelerManifest/Remarks")
    }

    @Test func foreignElementOutsideAnExtensionPointIsReported() throws {
        let text = try manifest {
            $0.replacingOccurrences(of: "<City>Houston</City>",
                                    with: "<City>Houston</City><v:District xmlns:v=\"urn:example:v\">Sharpstown</v:District>")
        }
        let error = try decodingError(text)
        #expect(error.problem == .unexpectedElement(QualifiedName(namespace: "urn:example:v", localName: "District")))
        #expect(error.path == "/TravelerManifest/Travelers/Traveler[1]/Address/District")
    }

    @Test func unexpectedAttributeAndTextAreReported() throws {
        let attribute = try decodingError(try manifest {
            $0.replacingOccurrences(of: "<Seat>23C</Seat>", with: "<Seat window=\"yes\">23C</Seat>")
        })
        #expect(attribute.problem == .unexpectedAttribute(QualifiedName(namespace: "", localName: "window")))
        #expect(attribute.path == "/TravelerManifest/Travelers/Traveler[3]/Seat/@window")

        let text = try decodingError(try manifest { $0.replacingOccurrences(of: "<Totals>", with: "<Totals>six") })
        #expect(text.problem == .unexpectedText("six"))
        #expect(text.path == "/TravelerManifest/Totals")
    }

    @Test func cardinalityIsChecked() throws {
        let oneLine = try decodingError(try manifest {
            $0.replacingOccurrences(of: "<Line>B041022680SLV1605181F2806011&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;2</Line>",
                                    with: "")
        })
        #expect(oneLine.problem == .tooFew("Line", minimum: 2, found: 1))
        #expect(oneLine.path == "/TravelerManifest/Travelers/Traveler[3]/Documents/Document/MRZ")

        let noLegs = try decodingError(try manifest {
            let start = try #require($0.range(of: "<Leg sequence"))
            let end = try #require($0.range(of: "</Leg>"))
            return $0.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "")
        })
        #expect(noLegs.problem == .missingElement("Leg", found: nil))
        #expect(noLegs.path == "/TravelerManifest/Flight/Legs/Leg")
    }

    @Test func unknownRootsAndUnreadableDocumentsAreErrors() throws {
        let foreign = try decodingError("<TravelerManifest xmlns=\"urn:other\" schemaVersion=\"1.0\"/>")
        #expect(foreign.problem == .unknownMessage(QualifiedName(namespace: "urn:other", localName: "TravelerManifest")))
        #expect(foreign.path == "/TravelerManifest")

        let broken = try decodingError("<TravelerManifest xmlns=\"urn:paxsim:api:v1\">")
        guard case .unreadable(let diagnostics) = broken.problem else { Issue.record("\(broken)"); return }
        #expect(!diagnostics.isEmpty)
        #expect(broken.diagnostics == diagnostics)

        let doctype = try decodingError("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")
        guard case .unreadable = doctype.problem else { Issue.record("\(doctype)"); return }

        let version = try decodingError(try manifest { $0.replacingOccurrences(of: "schemaVersion=\"1.0\"", with: "schemaVersion=\"2.0\"") })
        #expect(version.path == "/TravelerManifest/@schemaVersion")
    }

    @Test func wrongMessageTypeIsReportedByTheTypedDecoder() throws {
        let bytes = Array(try MessageFixtures.sample("acknowledgement-accepted.xml").utf8)
        #expect(throws: MessageDecodingError(path: "/Acknowledgement", line: 2,
                                             problem: .missingElement("TravelerManifest", found: "Acknowledgement"))) {
            try TravelerManifest.decode(bytes: bytes)
        }
    }

    @Test func errorConvertsToAValidatorDiagnostic() throws {
        let text = try manifest { $0.replacingOccurrences(of: "<Verified>true</Verified>", with: "<Verified>yes</Verified>") }
        let error = try decodingError(text)
        let diagnostic = Diagnostic(error)
        #expect(diagnostic.code == "PAX-DECODE")
        #expect(diagnostic.origin == .schema)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.path == "/TravelerManifest/Travelers/Traveler[1]/Verified")
        #expect(diagnostic.line == (try line(of: "<Verified>yes", in: text)))
        #expect(error.diagnostics == [diagnostic])
        #expect(ProcessingError(diagnostic).path == diagnostic.path)
    }

    @Test func mutatedSamplesNeverCrashTheDecoder() throws {
        var random = SplitMix64(state: 2026)
        let samples = try MessageFixtures.sampleFiles().map(MessageFixtures.bytes(of:))
        let replacements = Array("<>/&;=\"' \n0-9:.ZT+xA".utf8)
        var decoded = 0
        for round in 0..<1500 {
            var bytes = samples[round % samples.count]
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0...2, using: &random) {
                case 0: bytes[index] = replacements.randomElement(using: &random) ?? 0x20
                case 1: bytes.remove(at: index)
                default: bytes.insert(replacements.randomElement(using: &random) ?? 0x20, at: index)
                }
            }
            if let message = try? PaxMessage.decode(bytes: bytes) {
                decoded += 1
                #expect(try PaxMessage.decode(bytes: message.encode()) == message)
            }
        }
        #expect(decoded > 0)
    }

    // MARK: Extensions

    @Test func extensionElementsAreKeptAndReemitted() throws {
        let loyalty = """
            <vx:Loyalty xmlns:vx="urn:example:vendor" xmlns:o="urn:example:other" level="2" o:tier="gold">
                    <vx:Program>LifeMiles</vx:Program>
                    <Note xmlns="urn:example:notes">a &lt; b</Note>
                  </vx:Loyalty>
            """
        let text = try manifest {
            $0.replacingOccurrences(of: "</Documents>\n    </Traveler>\n    <Traveler reference=\"TA570-0314-004\">",
                                    with: "</Documents>\n      \(loyalty)\n    </Traveler>\n    <Traveler reference=\"TA570-0314-004\">")
        }
        #expect(try MessageFixtures.schema().validate(bytes: Array(text.utf8)).isValid)
        guard case .manifest(let manifest) = try PaxMessage.decode(bytes: Array(text.utf8)) else {
            Issue.record("not a manifest"); return
        }
        let kept = try #require(manifest.travelers[2].extensions.first)
        #expect(manifest.travelers[2].extensions.count == 1)
        #expect(kept.name == QualifiedName(namespace: "urn:example:vendor", localName: "Loyalty"))
        #expect(kept.attributes.contains { $0.name == QualifiedName(namespace: "urn:example:other", localName: "tier") && $0.value == "gold" })
        #expect(kept.children.map(\.name.localName) == ["Program", "Note"])
        #expect(kept.children[1].text == "a < b")

        let encoded = try manifest.xml()
        let written = String(decoding: encoded, as: UTF8.self)
        #expect(written.contains("<vx:Loyalty xmlns:vx=\"urn:example:vendor\" level=\"2\" xmlns:ns1=\"urn:example:other\" ns1:tier=\"gold\">"))
        #expect(written.contains("<Note xmlns=\"urn:example:notes\">a &lt; b</Note>"))
        #expect(try MessageFixtures.schema().validate(bytes: encoded).isValid)
        #expect(try TravelerManifest.decode(bytes: encoded) == manifest)
    }

    @Test func extensionsAtTheRootFollowTheLastElement() throws {
        let text = try manifest {
            $0.replacingOccurrences(of: "</Totals>", with: "</Totals>\n  <x:Checksum xmlns:x=\"urn:example:x\">42</x:Checksum>")
        }
        let manifest = try TravelerManifest.decode(bytes: Array(text.utf8))
        #expect(manifest.extensions.map(\.text) == ["42"])
        #expect(String(decoding: try manifest.xml(), as: UTF8.self)
            .contains("  </Totals>\n  <x:Checksum xmlns:x=\"urn:example:x\">42</x:Checksum>\n</TravelerManifest>"))
    }

    // MARK: Values

    @Test func valuesAreCollapsedAndParsedLikeTheSchema() throws {
        let text = try manifest {
            $0.replacingOccurrences(of: "<Surname>O'CONNOR</Surname>", with: "<Surname>\n   O'CONNOR \t</Surname>")
                .replacingOccurrences(of: "<Verified>true</Verified>", with: "<Verified> 1 </Verified>")
                .replacingOccurrences(of: "<Passengers>6</Passengers>", with: "<Passengers>+006</Passengers>")
        }
        let manifest = try TravelerManifest.decode(bytes: Array(text.utf8))
        #expect(manifest.travelers[3].surname == "O'CONNOR")
        #expect(manifest.travelers[0].verified)
        #expect(manifest.totals.passengers == 6)
    }

    @Test func unitScoreParsesAnyDecimalAndWritesFourDigits() {
        #expect(UnitScore("0.04")?.tenThousandths == 400)
        #expect(UnitScore("+.04000")?.description == "0.0400")
        #expect(UnitScore("1")?.description == "1.0000")
        #expect(UnitScore("-0.0") == UnitScore.zero)
        #expect(UnitScore("5.") == nil)
        #expect(UnitScore("1.0001") == nil)
        #expect(UnitScore("0.00001") == nil)
        #expect(UnitScore("-0.1") == nil)
        #expect(UnitScore(".") == nil)
        #expect(UnitScore("") == nil)
        #expect(UnitScore("0.9125")?.value == 0.9125)
        #expect(UnitScore(clamping: 1.7) == .one)
        #expect(UnitScore(clamping: .nan) == .zero)
    }

    @Test func timestampKeepsItsTextAndComparesByInstant() throws {
        let local = try #require(Timestamp("2026-03-14T08:35:00-06:00"))
        let utc = try #require(Timestamp("2026-03-14T14:35:00Z"))
        let fraction = try #require(Timestamp("2026-03-14T14:35:00.500Z"))
        #expect(local == utc)
        #expect(local.description == "2026-03-14T08:35:00-06:00")
        #expect(utc < fraction)
        #expect(fraction == Timestamp("2026-03-14T14:35:00.5Z"))
        #expect(fraction.description == "2026-03-14T14:35:00.500Z")
        #expect(Timestamp("2026-03-14T24:00:00Z") == Timestamp("2026-03-15T00:00:00Z"))
        #expect(Timestamp("2026-03-14T12:00:00-00:00")?.description == "2026-03-14T12:00:00-00:00")
        for bad in ["2026-03-14T12:00:00", "2026-02-29T12:00:00Z", "2026-03-14T12:00:60Z", "2026-03-14T12:00:00.Z",
                    "2026-03-14T12:00:00+14:30", "12026-03-14T12:00:00Z", "2026-03-14 12:00:00Z", "2026-03-14T24:00:01Z", ""] {
            #expect(Timestamp(bad) == nil, "\(bad)")
        }
        let date = Date(timeIntervalSince1970: 1_773_498_900.25)
        let converted = Timestamp(date, utcOffset: try #require(UTCOffset(minutes: -360)), fractionDigits: 3)
        #expect(converted.description == "2026-03-14T08:35:00.250-06:00")
        #expect(converted.instant == date)
        #expect(Timestamp(date).description == "2026-03-14T14:35:00Z")
    }

    @Test func calendarDateChecksTheCalendar() {
        #expect(CalendarDate("2024-02-29") != nil)
        #expect(CalendarDate("2023-02-29") == nil)
        #expect(CalendarDate("1900-02-29") == nil)
        #expect(CalendarDate("0000-01-01") == nil)
        #expect(CalendarDate("2024-2-9") == nil)
        #expect(CalendarDate("2024-02-29Z") == nil)
        #expect(CalendarDate("1969-04-15")! < CalendarDate("1969-04-16")!)
        #expect(CalendarDate(daysSince1970: 0)?.description == "1970-01-01")
        #expect(CalendarDate("2026-03-14")?.adding(days: 365)?.description == "2027-03-14")
    }
}
