/// Looks at the start of a document, before libxml2 does, and refuses what we never accept:
/// a document type declaration (the door to entity expansion and external entities) and
/// encodings that are not ASCII-compatible (UTF-16/32, EBCDIC), which would hide one.
///
/// It reads only the prolog: byte-order mark, XML declaration, comments, processing
/// instructions and white space, up to the root element's `<`.
enum PrologGuard {
    enum Verdict: Equatable, Sendable {
        /// The root element starts at this byte offset: the prolog is clean.
        case root(offset: Int)
        /// A `<!DOCTYPE` at this 1-based line.
        case doctype(line: Int)
        /// The document is in an encoding we refuse; the associated text names it.
        case unsupportedEncoding(String)
        /// Something else is wrong at this line; libxml2 will describe it.
        case malformed(line: Int)
        /// The bytes end inside the prolog.
        case needMore
    }

    /// The longest prolog we scan before giving up on a document.
    static let maximumPrologBytes = 1 << 20

    static func inspect<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> Verdict
    where Bytes.Element == UInt8, Bytes.Index == Int {
        let b = bytes
        let start = b.startIndex
        func at(_ i: Int) -> UInt8? { i < b.endIndex ? b[i] : nil }
        func starts(_ i: Int, _ pattern: [UInt8]) -> Bool? {
            for (k, p) in pattern.enumerated() {
                guard let c = at(i + k) else { return nil }
                if c != p { return false }
            }
            return true
        }
        // Encoding signatures (XML 1.0 appendix F).
        let first4 = (0..<4).map { at(start + $0) }
        switch (first4[0], first4[1], first4[2], first4[3]) {
        case (0x00, 0x00, 0xFE, 0xFF), (0xFF, 0xFE, 0x00, 0x00), (0x00, 0x00, 0x00, 0x3C), (0x3C, 0x00, 0x00, 0x00):
            return .unsupportedEncoding("UTF-32")
        case (0xFE, 0xFF, _, _), (0xFF, 0xFE, _, _), (0x00, 0x3C, _, _), (0x3C, 0x00, _, _):
            return .unsupportedEncoding("UTF-16")
        case (0x4C, 0x6F, 0xA7, 0x94):
            return .unsupportedEncoding("EBCDIC")
        default: break
        }
        var i = start
        if starts(i, [0xEF, 0xBB, 0xBF]) == true { i += 3 }
        var line = 1
        let limit = start + maximumPrologBytes
        while i < b.endIndex {
            if i > limit { return .malformed(line: line) }
            let c = b[i]
            if c == 0x0A { line += 1; i += 1; continue }
            if c == 0x20 || c == 0x09 || c == 0x0D { i += 1; continue }
            guard c == 0x3C else { return .malformed(line: line) }          // '<'
            guard let next = at(i + 1) else { return .needMore }
            if next == 0x3F {                                                // '<?'
                guard let end = find(b, from: i + 2, [0x3F, 0x3E]) else { return .needMore }
                line += count(b, i..<end, 0x0A)
                i = end + 2
            } else if next == 0x21 {                                         // '<!'
                switch starts(i, Array("<!--".utf8)) {
                case nil: return .needMore
                case true?:
                    guard let end = find(b, from: i + 4, Array("-->".utf8)) else { return .needMore }
                    line += count(b, i..<end, 0x0A)
                    i = end + 3
                case false?:
                    // `<!DOCTYPE` or any other markup declaration: refused either way.
                    guard at(i + 2) != nil else { return .needMore }
                    return .doctype(line: line)
                }
            } else {
                return .root(offset: i - start)
            }
        }
        return .needMore
    }

    private static func find<Bytes: RandomAccessCollection>(_ b: Bytes, from: Int, _ pattern: [UInt8]) -> Int?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let first = pattern.first, from < b.endIndex else { return nil }
        var i = from
        while i + pattern.count <= b.endIndex {
            if b[i] == first && b[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
            i += 1
        }
        return nil
    }

    private static func count<Bytes: RandomAccessCollection>(_ b: Bytes, _ range: Range<Int>, _ byte: UInt8) -> Int
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var n = 0
        for i in range where b[i] == byte { n += 1 }
        return n
    }
}
