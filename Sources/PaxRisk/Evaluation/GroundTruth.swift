import Foundation
import SafeXML

/// The generator's record of which travellers it planted from which watch-list entries:
/// JSON Lines, one object per planted traveller,
/// `{"manifestMessageId": "...", "travelerReference": "...", "watchListEntryId": "...", "perturbation": "typo"}`.
/// Every traveller not listed is a true negative.
public struct GroundTruth: Sendable {
    public struct Record: Sendable, Hashable, Codable {
        public var manifestMessageId: String
        public var travelerReference: String
        public var watchListEntryId: String
        /// `typo`, `swappedOrder`, `transliteration`, `dobDayMonthSwap`, `missingMiddleName` or `exact`.
        public var perturbation: String

        public init(manifestMessageId: String, travelerReference: String, watchListEntryId: String, perturbation: String) {
            self.manifestMessageId = manifestMessageId
            self.travelerReference = travelerReference
            self.watchListEntryId = watchListEntryId
            self.perturbation = perturbation
        }
    }

    public var records: [Record]

    public init(records: [Record]) { self.records = records }

    /// Reads a JSON Lines file; blank lines are skipped, a bad line fails with its number.
    public static func load(path: String) throws(SourceLoadError) -> GroundTruth {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path, limit: 1 << 30)
        } catch {
            throw SourceLoadError(problems: [SourceProblem(file: path, line: 0, message: error.description)])
        }
        return try parse(bytes, file: path)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(SourceLoadError) -> GroundTruth {
        var records: [Record] = []
        var problems: [SourceProblem] = []
        let decoder = JSONDecoder()
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            do {
                records.append(try decoder.decode(Record.self, from: Data(line)))
            } catch {
                problems.append(SourceProblem(file: file, line: index + 1,
                    message: "not a ground-truth record (expected an object with manifestMessageId, travelerReference, watchListEntryId, perturbation)"))
            }
        }
        guard problems.isEmpty else { throw SourceLoadError(problems: problems) }
        return GroundTruth(records: records)
    }
}
