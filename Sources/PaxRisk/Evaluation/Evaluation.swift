import Foundation
public import PaxBase
public import PaxMessages

/// Scores screening against ground truth (see `EvaluationResult` for the counting rules).
public enum Evaluation {
    /// The thresholds of the sweep table.
    public static let sweepThresholds = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]

    public static func evaluate(screener: WatchListScreener, manifests: [TravelerManifest], truth: GroundTruth,
                                threshold: Double, workers: Int = ParallelWork.defaultWorkers) -> EvaluationResult {
        var expected: [String: GroundTruth.Record] = [:]
        for record in truth.records { expected[record.manifestMessageId + "\u{0}" + record.travelerReference] = record }
        var keys: [String] = []
        var travelers: [Traveler] = []
        for manifest in manifests {
            for traveler in manifest.travelers {
                keys.append(manifest.header.messageId + "\u{0}" + traveler.reference)
                travelers.append(traveler)
            }
        }
        let floor = min(threshold, sweepThresholds.min() ?? threshold)
        let start = Date()
        let matches = screener.matches(for: travelers, minimumScore: floor, workers: workers)
        let seconds = Date().timeIntervalSince(start)

        func counts(at t: Double) -> EvaluationResult.Counts {
            var c = EvaluationResult.Counts(threshold: t, truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0)
            for (index, key) in keys.enumerated() {
                let flagged = matches[index].filter { $0.score >= t }
                if let record = expected[key] {
                    if flagged.contains(where: { $0.entryId == record.watchListEntryId }) {
                        c.truePositives += 1
                    } else {
                        c.falseNegatives += 1
                        if !flagged.isEmpty { c.falsePositives += 1 }
                    }
                } else if flagged.isEmpty {
                    c.trueNegatives += 1
                } else {
                    c.falsePositives += 1
                }
            }
            return c
        }

        var byKind: [String: [Int]] = [:]
        var missed: [String] = []
        var bands = (0..<10).map { EvaluationResult.CalibrationBand(lower: Double($0) / 10, upper: Double($0 + 1) / 10,
                                                                     matches: 0, correct: 0, meanScore: 0) }
        for (index, key) in keys.enumerated() {
            let record = expected[key]
            if let record {
                let found = matches[index].contains { $0.score >= threshold && $0.entryId == record.watchListEntryId }
                byKind[record.perturbation, default: [0, 0]][1] += 1
                if found { byKind[record.perturbation, default: [0, 0]][0] += 1 } else {
                    let best = matches[index].first { $0.entryId == record.watchListEntryId }
                    missed.append(key.replacingOccurrences(of: "\u{0}", with: "/") + " → " + record.watchListEntryId
                                  + " (" + record.perturbation + ", score " + (best.map { String(format: "%.3f", $0.score) } ?? "none") + ")")
                }
            }
            for match in matches[index] {
                let band = min(9, Int(match.score * 10))
                bands[band].matches += 1
                bands[band].meanScore += match.score
                if match.entryId == record?.watchListEntryId { bands[band].correct += 1 }
            }
        }
        for index in bands.indices where bands[index].matches > 0 { bands[index].meanScore /= Double(bands[index].matches) }
        return EvaluationResult(travelers: keys.count, planted: keys.filter { expected[$0] != nil }.count,
                                atThreshold: counts(at: threshold), sweep: sweepThresholds.map(counts(at:)),
                                recallByPerturbation: byKind, calibration: bands.filter { $0.matches > 0 && $0.lower >= floor - 1e-9 },
                                missed: missed, screeningSeconds: seconds)
    }
}
