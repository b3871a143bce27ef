import Foundation
@testable import PaxExchange
@testable import PaxGenerator
@testable import PaxMessages
@testable import SafeXML
import Testing

/// The payload check reads an accepted payload in one streaming pass; whatever it is given, its
/// outcome (root name, decoded message, or every error with its line) is the tree check's.
@Suite struct PayloadCheckOnePassTests {
    enum Outcome: Hashable {
        case accepted(PaxMessage)
        case refused([ProcessingError])
    }

    static func outcome(_ checked: (root: String?, result: Result<PaxMessage, PayloadErrors>)) -> (root: String?, outcome: Outcome) {
        switch checked.result {
        case .success(let message): (checked.root, .accepted(message))
        case .failure(let errors): (checked.root, .refused(errors.errors))
        }
    }

    /// Checks `bytes` both ways and expects the same outcome; returns it.
    @discardableResult
    static func sameBothWays(_ bytes: [UInt8], _ label: String) -> Outcome {
        let onePass = outcome(PayloadCheck.check(bytes))
        let tree = outcome(PayloadCheck.checkAsTree(bytes))
        #expect(onePass.root == tree.root, "\(label)")
        #expect(onePass.outcome == tree.outcome, "\(label)")
        return onePass.outcome
    }

    /// Whether the one streaming pass accepts `bytes` (the check then reads no tree).
    static func takesOnePass(_ bytes: [UInt8]) -> Bool {
        guard let root = RootPeek.root(of: bytes), let entry = SchemaCatalogue.embedded.entry(for: root) else { return false }
        return entry.schema.validatedRoot(of: bytes) != nil
    }

    @Test func validManifestsTakeOnePassAndDecodeAsFromTheTree() throws {
        for (seed, travelers) in [(3, 1), (4, 20), (5, 200)] as [(UInt64, Int)] {
            let manifest = Fixtures.manifest(seed: seed, travelers: travelers)
            let bytes = try manifest.xml()
            #expect(Self.takesOnePass(bytes))
            #expect(Self.sameBothWays(bytes, "\(travelers) travellers") == .accepted(.manifest(manifest)))
        }
    }

    @Test func repliesTakeOnePass() throws {
        let header = MessageHeader(messageId: "US-CBP:RA:1", sender: "US-CBP", receiver: "SV-DGME",
                                   createdAt: ExchangeTimeText.timestamp(Fixtures.start))
        let assessment = RiskAssessment(header: header, manifestMessageId: "SV-DGME:MAN:1",
                                        assessedAt: ExchangeTimeText.timestamp(Fixtures.start),
                                        assessments: (1...30).map { TravelerAssessment(travelerReference: "T\($0)", outcome: .cleared, score: .zero) })
        let ack = Acknowledgement(header: header, referencedMessageId: "SV-DGME:MAN:1", status: .accepted,
                                  receivedDigest: String(repeating: "a", count: 64), errors: [])
        for (message, bytes) in [(PaxMessage.riskAssessment(assessment), try assessment.xml()), (.acknowledgement(ack), try ack.xml())] {
            #expect(Self.takesOnePass(bytes))
            #expect(Self.sameBothWays(bytes, message.rootElementName) == .accepted(message))
        }
        // Two assessments of one traveller: the schema's identity constraint, checked by libxml2 in the pass too.
        var twice = assessment
        twice.assessments[1].travelerReference = "T1"
        let bytes = try twice.xml()
        #expect(!Self.takesOnePass(bytes))
        guard case .refused(let errors) = Self.sameBothWays(bytes, "duplicate traveller") else {
            Issue.record("a duplicate assessed traveller was accepted")
            return
        }
        #expect(errors.contains { $0.code == "XML-SCHEMASV-1877" })
    }

    @Test(arguments: Mutation.allCases)
    func brokenManifestsGetTheTreeChecksErrors(mutation: Mutation) throws {
        var applied = 0
        for attempt in 0..<8 where applied < 2 {
            var random = SeededRandom(seed: 77, stream: UInt64(attempt))
            let manifest = Fixtures.manifest(seed: 40 + UInt64(attempt), travelers: 6)
            guard let bytes = ManifestMutator.apply(mutation, to: manifest, random: &random) else { continue }
            let outcome = Self.sameBothWays(bytes, "\(mutation)")
            if mutation.makesInvalid, case .accepted = outcome { Issue.record("\(mutation) accepted") }
            applied += 1
        }
        #expect(applied == 2, "\(mutation) applied to \(applied) manifests")
    }

    @Test func unreadableAndUnknownPayloads() throws {
        let manifest = String(decoding: try Fixtures.manifest(travelers: 2).xml(), as: UTF8.self)
        let cases: [(String, String)] = [
            ("not well-formed", String(manifest.dropLast(30))),
            ("unknown root", "<Other xmlns=\"urn:paxsim:api:v1\"/>"),
            ("foreign namespace", manifest.replacingOccurrences(of: "urn:paxsim:api:v1", with: "urn:other")),
            ("DOCTYPE", "<?xml version=\"1.0\"?><!DOCTYPE TravelerManifest [<!ENTITY x \"y\">]>"
                + manifest.drop { $0 != "\n" }),
            ("empty", ""),
            ("& in an attribute value", manifest.replacingOccurrences(of: "schemaVersion=\"1.0\"", with: "schemaVersion=\"1&amp;0\"")),
        ]
        for (label, text) in cases {
            guard case .refused = Self.sameBothWays(Array(text.utf8), label) else {
                Issue.record("\(label): accepted")
                continue
            }
        }
    }

    /// Seeded damage to a valid manifest's bytes (a byte changed, a span cut or repeated, markup
    /// or references inserted): whatever comes out, the one-pass check and the tree check agree.
    @Test func damagedBytesGetTheTreeChecksOutcome() throws {
        let original = try Fixtures.manifest(seed: 11, travelers: 4).xml()
        let insertions = ["&", "&amp;", "&#38;", "<", "]]>", "<![CDATA[x]]>", "<!-- c -->", "<?pi?>", "&lt;",
                          "<X/>", "<Traveler>", "\u{0}", "\u{FEFF}", "é", "\u{1F600}", " xmlns:p=\"urn:x\"", " a=\"1\"",
                          "<!DOCTYPE x>", "&#0;", "&#x110000;"].map { Array($0.utf8) }
        var random = SeededRandom(seed: 2026, stream: 12)
        var accepted = 0
        for round in 0..<400 {
            var bytes = original
            for _ in 0...random.below(2) {
                let at = random.below(bytes.count)
                switch random.below(5) {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(40)))
                case 2: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 1 + random.below(60))], at: at)
                case 3: bytes.insert(contentsOf: random.pick(insertions), at: at)
                default: bytes = Array(bytes[..<at])
                }
                if bytes.isEmpty { break }
            }
            if case .accepted = Self.sameBothWays(bytes, "round \(round)") { accepted += 1 }
        }
        // Some damage lands in text where it is harmless (7 of the 400 with this seed); most
        // breaks the document, and both checks must say so alike.
        #expect(accepted > 0 && accepted < 400, "\(accepted) of 400 damaged manifests accepted")
    }

    /// The pass checks the v1 country lists as patterns (`EnumerationPatterns`): every listed
    /// code, and near misses, in each place a code goes get the tree check's outcome.
    @Test func countryCodesGetTheTreeChecksOutcome() throws {
        let entry = try #require(SchemaCatalogue.embedded.entry(for: QualifiedName(namespace: "urn:paxsim:api:v1", localName: "TravelerManifest")))
        #expect(entry.schema.accepting() != entry.schema.pointer, "the v1 schema has no accepting variant")
        let common = try #require(EmbeddedSchemas.documents["v1/common.xsd"])
        let listed = common.components(separatedBy: "<xs:enumeration value=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
            .filter { $0.count == 3 && $0.allSatisfy { $0.isASCII && $0.isUppercase } }
        #expect(listed.count == 249 + 14)
        let nearMisses = ["", "SL", "SLVX", "slv", "S LV", " SLV ", "\n  SLV\t", "SLV&#10;", "&#x20;SLV", "AAA", "ZZZ", "XXD", "UN", "UNOA", "GB", "EU"]
        let text = String(decoding: try Fixtures.manifest(seed: 6, travelers: 2).xml(), as: UTF8.self)
        for tag in ["Nationality", "IssuingState", "Country"] {
            let open = try #require(text.range(of: "<\(tag)>"), "\(tag)")
            let close = try #require(text.range(of: "</\(tag)>", range: open.upperBound..<text.endIndex))
            var accepted = 0
            for value in listed + nearMisses {
                let bytes = Array(text.replacingCharacters(in: open.upperBound..<close.lowerBound, with: value).utf8)
                if case .accepted = Self.sameBothWays(bytes, "\(tag) \(value.debugDescription)") { accepted += 1 }
            }
            // Codes are accepted (the rules may still refuse one that contradicts an MRZ), and of
            // the near misses only the four spaced forms of SLV (whitespace is collapsed in tokens).
            #expect(accepted > 200, "\(tag): \(accepted) accepted")
            #expect(accepted <= listed.count + 4, "\(tag): \(accepted) accepted")
        }
    }
}
