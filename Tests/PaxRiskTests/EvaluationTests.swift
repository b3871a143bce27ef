import Testing
import PaxMessages
@testable import PaxRisk

/// Screening quality on a seeded population: the small version of the README evaluation.
@Suite struct EvaluationTests {
    @Test func plantedTravellersAreFoundAndOthersAreNot() {
        let population = SyntheticPopulation(seed: 42, entries: 2_000, travelers: 5_000, planted: 120)
        let truth = GroundTruth(records: population.truth.map { key, value in
            let parts = key.split(separator: "/")
            return GroundTruth.Record(manifestMessageId: String(parts[0]), travelerReference: String(parts[1]),
                                      watchListEntryId: value.entryId, perturbation: value.perturbation.rawValue)
        })
        let screener = WatchListScreener(watchList: population.watchList)
        let result = Evaluation.evaluate(screener: screener, manifests: population.manifests, truth: truth, threshold: 0.5)
        print(result.text)
        for line in result.missed.prefix(30) { print("missed:", line) }
        #expect(result.planted == 120)
        #expect(result.atThreshold.recall >= 0.95)
        #expect(result.atThreshold.precision >= 0.95)
    }
}
