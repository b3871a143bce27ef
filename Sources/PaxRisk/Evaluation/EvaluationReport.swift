import Foundation

extension EvaluationResult {
    /// The result as plain-text tables (the README's evaluation table is this output).
    public var text: String {
        var lines: [String] = []
        let t = atThreshold
        lines.append("travellers: \(travelers), planted: \(planted), screened in \(String(format: "%.2f", screeningSeconds)) s")
        lines.append("at threshold \(format(t.threshold)): precision \(format(t.precision)), recall \(format(t.recall)), F1 \(format(t.f1))"
                     + " (TP \(t.truePositives), FP \(t.falsePositives), FN \(t.falseNegatives), TN \(t.trueNegatives))")
        lines.append("")
        lines.append("| threshold | precision | recall | F1     | TP   | FP   | FN   |")
        lines.append("|-----------|-----------|--------|--------|------|------|------|")
        for c in sweep {
            lines.append("| \(pad(format(c.threshold), 9)) | \(pad(format(c.precision), 9)) | \(pad(format(c.recall), 6)) | "
                         + "\(pad(format(c.f1), 6)) | \(pad(String(c.truePositives), 4)) | \(pad(String(c.falsePositives), 4)) | "
                         + "\(pad(String(c.falseNegatives), 4)) |")
        }
        lines.append("")
        lines.append("| perturbation      | found | planted | recall |")
        lines.append("|-------------------|-------|---------|--------|")
        for (kind, pair) in recallByPerturbation.sorted(by: { $0.key < $1.key }) {
            let recall = pair[1] == 0 ? 1 : Double(pair[0]) / Double(pair[1])
            lines.append("| \(pad(kind, 17)) | \(pad(String(pair[0]), 5)) | \(pad(String(pair[1]), 7)) | \(pad(format(recall), 6)) |")
        }
        lines.append("")
        lines.append("| score band | matches | right entry | mean score | observed |")
        lines.append("|------------|---------|-------------|------------|----------|")
        for band in calibration {
            let observed = Double(band.correct) / Double(band.matches)
            lines.append("| \(format(band.lower, 1))-\(format(band.upper, 1))    | \(pad(String(band.matches), 7)) | "
                         + "\(pad(String(band.correct), 11)) | \(pad(format(band.meanScore), 10)) | \(pad(format(observed), 8)) |")
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", value) }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
