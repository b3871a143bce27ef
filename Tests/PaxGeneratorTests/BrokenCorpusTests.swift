import Foundation
@testable import PaxGenerator
import PaxMessages
import Testing

/// Every broken document fails (or, for warning defects, warns) with exactly the codes its
/// defect lists, and nothing else; `expected.tsv` says so for every file of a run.
@Suite struct BrokenCorpusTests {
    @Test(arguments: Mutation.allCases)
    func eachDefectGivesExactlyItsCodes(mutation: Mutation) throws {
        var generator = Generator(seed: 900)
        var applied = 0
        for attempt in 0..<8 where applied < 3 {
            var random = SeededRandom(seed: 900, stream: UInt64(attempt))
            let plan = try generator.flight(on: try RunFixtures.date(attempt % 2 == 0 ? "2026-03-14" : "2026-09-01"))
            let manifest = generator.passengerList(for: plan, travelers: random.int(in: 4...12))
            guard let bytes = ManifestMutator.apply(mutation, to: manifest, random: &random) else { continue }
            let outcome = MessageValidator.validate(bytes)
            #expect(outcome.codes == mutation.expectedCodes, "\(mutation) on \(plan.designator): \(outcome)")
            #expect(outcome.valid == !mutation.makesInvalid, "\(mutation): \(outcome)")
            applied += 1
        }
        #expect(applied == 3, "\(mutation) applied to \(applied) of the manifests tried")
    }

    @Test func invalidRunListsEveryFileWithItsCodes() throws {
        var options = GenerationOptions()
        options.seed = 31
        options.flights = 1
        options.travelersPerFlight = 20
        options.invalid = Mutation.failing.count + 3
        let directory = try RunFixtures.run(options)
        defer { RunFixtures.remove(directory) }
        let expectations = try RunFixtures.expectations(in: directory)
        #expect(expectations.count == 1 + options.invalid)
        #expect(Set(expectations.filter { !$0.valid }.map { $0.codes }).count == Set(Mutation.failing.map(\.expectedCodes)).count)
        for expectation in expectations {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + expectation.path)))
            let outcome = MessageValidator.validate(bytes)
            #expect(outcome.valid == expectation.valid, "\(expectation.path): \(outcome)")
            #expect(outcome.codes == expectation.codes, "\(expectation.path): \(outcome)")
        }
    }

    @Test func mutateAcceptsNamesAndRuleIds() {
        #expect(Mutation.named("PAX-MRZ-CHECK") == [.mrzCheckDigit])
        #expect(Mutation.named("pax-doc-expiring") == [.documentExpiring])
        #expect(Mutation.named("leg-chain-broken") == [.legChainBroken])
        #expect(Mutation.named("XML-SCHEMASV-1839").count == 3)
        #expect(Mutation.named("no-such-defect").isEmpty)
        var options = GenerationOptions()
        options.mutations = [.documentExpiring, .mrzCheckDigit]
        #expect(options.brokenDocuments == [.documentExpiring, .mrzCheckDigit])
        options.invalid = 5
        #expect(options.brokenDocuments == [.documentExpiring, .mrzCheckDigit, .documentExpiring, .mrzCheckDigit, .documentExpiring])
    }
}
