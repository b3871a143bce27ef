/// The file formats a watch list is read from.
public enum WatchListFormat: String, Sendable, Hashable, CaseIterable {
    /// The `WatchList` document of `Schemas/v1/watchlist.xsd`.
    case xml
    /// Comma-separated values with a header row (see `WatchListCSV`).
    case csv

    /// The format a file's name suggests, else the one its first non-blank byte suggests
    /// (`<` for XML).
    public static func detect(path: String, bytes: [UInt8]) -> WatchListFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".xml") { return .xml }
        let first = bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
        return first == UInt8(ascii: "<") ? .xml : .csv
    }
}
