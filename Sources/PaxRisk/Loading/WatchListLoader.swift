import PaxMessages
import SafeXML

/// Reads watch lists from XML or CSV files, checked against `Schemas/v1/watchlist.xsd`.
///
/// Strict by default: any bad entry fails the load and every problem is reported with its
/// line. Lenient loading (`lenient: true`) keeps the good entries and reports each bad one;
/// problems outside entries (not well-formed XML, a bad root, a CSV header) still fail.
public enum WatchListLoader {
    /// The largest file accepted.
    public static let maximumFileBytes = ParseLimits.default.maxDocumentBytes

    /// Loads the file at `path`, in the format its name or content suggests.
    public static func load(path: String, lenient: Bool = false) throws(SourceLoadError) -> LoadedWatchList {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path, limit: maximumFileBytes)
        } catch {
            throw SourceLoadError(problems: [SourceProblem(file: path, line: 0, message: error.description)])
        }
        return try load(bytes: bytes, file: path, format: .detect(path: path, bytes: bytes), lenient: lenient)
    }

    /// Loads a list from bytes; `file` names it in problems (and gives a CSV list its id).
    public static func load(bytes: [UInt8], file: String, format: WatchListFormat,
                            lenient: Bool = false) throws(SourceLoadError) -> LoadedWatchList {
        let loaded = switch format {
        case .xml: try WatchListXMLLoader.load(bytes: bytes, file: file, lenient: lenient)
        case .csv: try WatchListCSV.load(bytes: bytes, file: file, lenient: lenient)
        }
        let names = loaded.watchList.entries.reduce(0) { $0 + $1.names.count }
        guard names <= maximumNames else {
            throw SourceLoadError(problems: [SourceProblem(file: file, line: 0,
                message: "the list has \(names) names and aliases; screening indexes at most \(maximumNames)")])
        }
        return loaded
    }

    /// The most names and aliases a list may have (the screening index numbers them in 24 bits).
    public static let maximumNames = Int(PostingTable.maximumId)
}
