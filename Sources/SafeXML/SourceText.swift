/// Finds columns in a document's bytes for diagnostics that libxml2 gives only a line for.
/// The bytes are loaded from the document's source on the first look-up only.
struct SourceText {
    private let source: DocumentSource
    private var loaded: [UInt8]? = nil
    private var lineStarts: [Int]? = nil

    init(_ source: DocumentSource) { self.source = source }

    private mutating func bytesLoaded() -> [UInt8] {
        if let loaded { return loaded }
        let bytes = source.load() ?? []
        loaded = bytes
        return bytes
    }

    private mutating func starts() -> [Int] {
        if let lineStarts { return lineStarts }
        let bytes = bytesLoaded()
        var result = [0]
        bytes.withUnsafeBufferPointer { buffer in
            for (i, b) in buffer.enumerated() where b == 0x0A { result.append(i + 1) }
        }
        lineStarts = result
        return result
    }

    /// 1-based column (in characters) of `<qname` on `line`, or 0 when not found.
    mutating func column(ofStartTag qname: String, line: Int) -> Int {
        let starts = starts()
        let bytes = bytesLoaded()
        guard line >= 1, line <= starts.count else { return 0 }
        let lineStart = starts[line - 1]
        let lineEnd = line < starts.count ? starts[line] : bytes.count
        let needle = Array(("<" + qname).utf8)
        var i = lineStart
        while i + needle.count <= lineEnd {
            if bytes[i] == 0x3C, bytes[i..<(i + needle.count)].elementsEqual(needle) {
                let after = i + needle.count < bytes.count ? bytes[i + needle.count] : 0x3E
                if after == 0x3E || after == 0x2F || after == 0x20 || after == 0x09 || after == 0x0A || after == 0x0D {
                    // Count characters, not bytes: skip UTF-8 continuation bytes.
                    return bytes[lineStart..<i].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
                }
            }
            i += 1
        }
        return 0
    }
}
