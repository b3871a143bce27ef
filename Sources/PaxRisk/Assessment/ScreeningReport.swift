import Foundation
public import PaxMessages

/// The results of screening manifests, ready to print: a table of travellers who are not
/// cleared with their reasons, or JSON.
public struct ScreeningReport: Sendable, Codable {
    public struct Manifest: Sendable, Codable {
        public var file: String
        public var manifestMessageId: String
        public var flight: String
        public var travelers: [TravelerRisk]
    }

    public var manifests: [Manifest]

    public init(files: [String], manifests: [TravelerManifest], risks: [[TravelerRisk]]) {
        self.manifests = zip(files, zip(manifests, risks)).map { file, pair in
            let (manifest, risks) = pair
            let flight = manifest.flight.carrier + manifest.flight.flightNumber + " "
                + ([manifest.flight.origin] + manifest.flight.legs.map(\.arrivalAirport)).compactMap { $0 }.joined(separator: "-")
            return Manifest(file: file, manifestMessageId: manifest.header.messageId, flight: flight, travelers: risks)
        }
    }

    /// Travellers per outcome over all manifests.
    public var counts: [TravelerAssessment.Outcome: Int] {
        var counts: [TravelerAssessment.Outcome: Int] = [:]
        for manifest in manifests { for t in manifest.travelers { counts[t.outcome, default: 0] += 1 } }
        return counts
    }

    /// A plain-text table per manifest of the travellers who are not cleared (or all of them),
    /// one line per reason.
    public func table(includeCleared: Bool = false) -> String {
        var lines: [String] = []
        for manifest in manifests {
            let shown = manifest.travelers.filter { includeCleared || $0.outcome != .cleared }
            let inspect = manifest.travelers.filter { $0.outcome == .inspect }.count
            let noBoard = manifest.travelers.filter { $0.outcome == .noBoard }.count
            lines.append("\(manifest.file): \(manifest.manifestMessageId), flight \(manifest.flight): "
                         + "\(manifest.travelers.count) travellers, \(inspect) inspect, \(noBoard) no-board")
            guard !shown.isEmpty else { continue }
            // RISK is the rules' score, IDENTITY the best hit's confidence; per reason, MATCH is
            // the hit's identity confidence and ASKS the outcome it requests.
            var rows: [[String]] = [["REFERENCE", "NAME", "OUTCOME", "RISK", "IDENTITY", "REASON", "MATCH", "ASKS", "FIELDS"]]
            for traveler in shown {
                let name = traveler.surname + (traveler.givenNames.map { ", " + $0 } ?? "")
                let head = [traveler.travelerReference, name, traveler.outcome.rawValue, String(format: "%.4f", traveler.score),
                            traveler.identityConfidence.map { String(format: "%.4f", $0) } ?? ""]
                let reasons = traveler.reasons
                if reasons.isEmpty { rows.append(head + ["", "", "", ""]) }
                for (index, reason) in reasons.enumerated() {
                    rows.append((index == 0 ? head : ["", "", "", "", ""])
                                + [reason.sourceId, reason.matchScore?.description ?? "", reason.requestedOutcome?.rawValue ?? "",
                                   (reason.matchedFields ?? []).joined(separator: " ")])
                }
            }
            let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                lines.append("  " + row.enumerated().map { column, cell in
                    column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
                }.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The report as pretty-printed JSON with sorted keys (the same bytes for the same results).
    public func json(includeCleared: Bool = false) throws -> [UInt8] {
        var report = self
        if !includeCleared {
            for index in report.manifests.indices { report.manifests[index].travelers.removeAll { $0.outcome == .cleared } }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Array(try encoder.encode(report)) + [0x0A]
    }
}
