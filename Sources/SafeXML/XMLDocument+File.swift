import Foundation
internal import CLibXML2

/// Why a file could not be parsed: it could not be read, or its content was refused or is
/// not well-formed.
public enum XMLFileParseError: Error, Sendable {
    case unreadable(InputFile.Failure)
    case document(XMLParseError)
}

extension XMLDocument {
    /// Parses the file at `path` through libxml2's own buffered input, under the same rules
    /// as `parse(_:limits:)`. The file is read in small chunks as the parser needs them,
    /// instead of whole into memory and then copied again by libxml2: less memory, one pass
    /// over the bytes. Regular files only make sense here; use `parse(_:)` for pipes.
    public static func parse(fileAt path: String, limits: ParseLimits = .default) throws(XMLFileParseError) -> XMLDocument {
        _ = LibXML.ready
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(.cannotOpen(String(cString: strerror(errno)))) }
        defer { close(fd) }
        if let size = InputFile.size(ofOpen: fd), size > limits.maxDocumentBytes {
            throw .unreadable(.tooLarge(size, limit: limits.maxDocumentBytes))
        }
        let feed = FileFeed(fd: fd, limit: limits.maxDocumentBytes)
        defer { feed.release() }

        // The prolog first: refuse DOCTYPE and non-ASCII-compatible encodings before libxml2 sees a byte.
        while true {
            guard feed.readAhead() else { throw .unreadable(feed.failure ?? .readFailed("unknown error")) }
            let verdict = PrologGuard.inspect(feed.pending)
            if verdict == .needMore, !feed.atEnd, feed.pending.count <= PrologGuard.maximumPrologBytes { continue }
            if feed.pending.isEmpty { throw .document(XMLParseError([empty])) }
            if let refusal = prologRefusal(verdict) { throw .document(XMLParseError([refusal])) }
            break
        }

        let parsed: (xmlDocPtr, [Diagnostic])
        do {
            parsed = try build(limits: limits) {
                xmlCreateIOParserCtxt(nil, nil, FileFeed.read, nil,
                                      Unmanaged.passUnretained(feed).toOpaque(), XML_CHAR_ENCODING_NONE)
            }
        } catch {
            // A read failure or the size limit stopped libxml2: that, not its I/O message, is the reason.
            if let failure = feed.failure { throw .unreadable(failure) }
            throw .document(error)
        }
        if let failure = feed.failure {
            xmlFreeDoc(parsed.0)
            throw .unreadable(failure)
        }
        return XMLDocument(pointer: parsed.0, source: .file(path: path, size: feed.total), warnings: parsed.1)
    }
}

/// Hands a file's bytes to libxml2's read callback: first what was read ahead for the prolog
/// check, then the rest through a fixed buffer (libxml2 asks for 4,000 bytes at a time; one
/// `read` per 64 KiB spares most system calls), counting bytes against the size limit.
final class FileFeed {
    private let fd: Int32
    private let limit: Int
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    /// Bytes read from the file so far.
    private(set) var total = 0
    private(set) var atEnd = false
    private(set) var failure: InputFile.Failure?

    static let chunkSize = 64 << 10

    init(fd: Int32, limit: Int) {
        self.fd = fd
        self.limit = limit
        buffer = .allocate(byteCount: Self.chunkSize, alignment: 16)
    }

    func release() { buffer.deallocate() }

    /// The bytes read but not yet handed to libxml2 (valid until the next read).
    var pending: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: buffer[start..<end])
    }

    /// Appends the next chunk of the file to `pending` (growing the buffer when full);
    /// false on a read failure or when the size limit is passed.
    func readAhead() -> Bool {
        if end == buffer.count {
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
            grown.copyMemory(from: UnsafeRawBufferPointer(buffer))
            buffer.deallocate()
            buffer = grown
        }
        return fill(at: end)
    }

    /// Reads into the buffer from `offset` to its end (or the end of the file).
    private func fill(at offset: Int) -> Bool {
        while true {
            let n = Foundation.read(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                failure = .readFailed(String(cString: strerror(errno)))
                return false
            }
            if n == 0 { atEnd = true }
            end = offset + n
            total += n
            if total > limit {
                failure = .tooLarge(total, limit: limit)
                return false
            }
            return true
        }
    }

    /// Copies up to `count` bytes to `destination`; 0 at the end of the file, -1 on failure.
    func copy(to destination: UnsafeMutableRawPointer, count: Int) -> Int {
        if start == end {
            if atEnd { return 0 }
            start = 0
            guard fill(at: 0) else { return -1 }
            if start == end { return 0 }
        }
        let n = min(count, end - start)
        destination.copyMemory(from: buffer.baseAddress.unsafelyUnwrapped + start, byteCount: n)
        start += n
        return n
    }

    /// libxml2's read callback; `context` is an unretained `FileFeed`.
    static let read: xmlInputReadCallback = { context, destination, count in
        guard let context, let destination, count > 0 else { return 0 }
        let feed = Unmanaged<FileFeed>.fromOpaque(context).takeUnretainedValue()
        return Int32(feed.copy(to: destination, count: Int(count)))
    }
}
