/// Where a parsed document's bytes came from. Diagnostics need them only to find the column
/// of a start tag libxml2 gives no column for, so a file's bytes are not kept in memory after
/// the parse: they are read again on the first look-up, and only when a diagnostic needs it.
enum DocumentSource {
    /// Bytes the caller held in memory anyway.
    case memory([UInt8])
    /// A file of `size` bytes, parsed straight from disk.
    case file(path: String, size: Int)

    /// The document's bytes, or nil when a file can no longer be read as it was parsed
    /// (gone, or changed size): columns are then reported as unknown (0), never wrong.
    func load() -> [UInt8]? {
        switch self {
        case .memory(let bytes):
            return bytes
        case .file(let path, let size):
            guard let bytes = try? InputFile.read(path, limit: size), bytes.count == size else { return nil }
            return bytes
        }
    }
}
