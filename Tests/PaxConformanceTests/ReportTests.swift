import Foundation
import Testing
import PaxConformance
import SafeXML

@Suite struct ReportTests {
    static let outcomes = [
        FileOutcome(path: "ok.xml", status: .valid, messageType: "{urn:paxsim:api:v1}TravelerManifest", mode: .document, diagnostics: [], seconds: 0.01),
        FileOutcome(path: "bad <&>.xml", status: .invalid, messageType: nil, mode: .document, diagnostics: [
            Diagnostic(severity: .error, line: 12, column: 7, path: "/A/B[2]", code: "XML-SCHEMASV-1824", message: "bad value \u{1} here", origin: .schema),
            Diagnostic(severity: .warning, line: 3, code: "R1", message: "soon", origin: .rule),
        ], seconds: 0.02),
        FileOutcome(path: "gone.xml", status: .unreadable, messageType: nil, mode: nil, diagnostics: [
            Diagnostic(severity: .error, line: 0, code: SafetyCode.io, message: "no such file", origin: .safety),
        ], seconds: 0),
    ]

    @Test func textIsCompilerStyle() {
        #expect(TextReport.lines(for: Self.outcomes[1]) == [
            "bad <&>.xml:12:7: error: bad value \u{1} here (at /A/B[2]) [XML-SCHEMASV-1824]",
            "bad <&>.xml:3: warning: soon [R1]",
        ])
        #expect(TextReport.lines(for: Self.outcomes[2]) == ["gone.xml: error: no such file [SAFE-IO]"])
        #expect(TextReport.summary(ValidationSummary(Self.outcomes, seconds: 1.5))
                == "checked 3 files: 1 valid, 1 invalid, 1 unreadable; 2 errors, 1 warning (1.50 s)")
    }

    @Test func jsonCarriesEverything() throws {
        let bytes = JSONReport.render(Self.outcomes, summary: ValidationSummary(Self.outcomes, seconds: 1))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.count == 3)
        #expect(files[1]["status"] as? String == "invalid")
        let diagnostics = try #require(files[1]["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["path"] as? String == "/A/B[2]")
        #expect(diagnostics.first?["line"] as? Int == 12)
        #expect((object["summary"] as? [String: Any])?["invalid"] as? Int == 1)
    }

    @Test func junitIsWellFormedWithOneTestcasePerFile() throws {
        let bytes = JUnitReport.render(Self.outcomes, summary: ValidationSummary(Self.outcomes, seconds: 1))
        let document = try XMLDocument.parse(bytes)
        let suite = try #require(document.root?.child(named: "testsuite"))
        let cases = suite.children(named: "testcase")
        #expect(cases.map { $0.attribute("name") } == ["ok.xml", "bad <&>.xml", "gone.xml"])
        #expect(cases[1].child(named: "failure")?.attribute("type") == "XML-SCHEMASV-1824")
        #expect(cases[1].child(named: "failure")?.text.contains("bad value \u{FFFD} here") == true)
        #expect(cases[2].child(named: "error") != nil)
        #expect(suite.attribute("failures") == "1")
        #expect(suite.attribute("errors") == "1")
    }
}
