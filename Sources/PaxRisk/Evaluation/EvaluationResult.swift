/// How well screening finds planted travellers: counts and rates at one threshold, a sweep
/// over thresholds, recall per perturbation kind, and how well scores are calibrated.
public struct EvaluationResult: Sendable, Hashable, Codable {
    /// Traveller-level counts at one match threshold: a traveller is flagged when any entry
    /// matches at or above the threshold; a planted traveller counts as found only when its
    /// own entry is among the matches (flagged with only other entries it is both a false
    /// positive and a false negative).
    public struct Counts: Sendable, Hashable, Codable {
        public var threshold: Double
        public var truePositives: Int
        public var falsePositives: Int
        public var falseNegatives: Int
        public var trueNegatives: Int

        public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
        public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
        public var f1: Double {
            precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        }

        private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }
    }

    /// Among matches scored within `lower..<upper`, the share that named the right entry.
    public struct CalibrationBand: Sendable, Hashable, Codable {
        public var lower: Double
        public var upper: Double
        public var matches: Int
        public var correct: Int
        public var meanScore: Double
    }

    public var travelers: Int
    public var planted: Int
    public var atThreshold: Counts
    public var sweep: [Counts]
    /// Perturbation kind → (found, planted) at the configured threshold.
    public var recallByPerturbation: [String: [Int]]
    public var calibration: [CalibrationBand]
    /// Planted travellers the threshold missed, for inspection: `manifest/reference → entry`.
    public var missed: [String]
    /// Wall-clock seconds spent screening.
    public var screeningSeconds: Double
}
