#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that appears at its path only when complete: bytes go to a hidden temporary file
/// in the same directory, renamed over the path by `commit()`. `abandon()` (or an error)
/// removes the temporary file, so a failed run never leaves a half-written file behind.
/// A class because it owns a file descriptor: dropping it uncommitted abandons the file.
public final class AtomicFile: ByteSink {
    public let path: String
    private let temporaryPath: String
    private var sink: FileDescriptorSink
    private var open = true

    /// Creates the temporary file next to `path`.
    public init(path: String) throws(OutputError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array((directory + "." + base + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw .cannotCreate(path: path, reason: String(cString: strerror(errno))) }
        temporaryPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = fchmod(fd, 0o644)
        sink = FileDescriptorSink(descriptor: fd, name: path)
    }

    /// Bytes written so far.
    public var bytesWritten: Int { sink.bytesWritten }

    public func write(_ bytes: ArraySlice<UInt8>) throws(OutputError) {
        do {
            try sink.write(bytes)
        } catch {
            abandon()
            throw error
        }
    }

    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputError) {
        do {
            try sink.write(bytes)
        } catch {
            abandon()
            throw error
        }
    }

    /// Flushes, closes and renames the file into place.
    public func commit() throws(OutputError) {
        guard open else { return }
        do {
            try sink.flush()
        } catch {
            abandon()
            throw error
        }
        open = false
        if close(sink.descriptor) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw .cannotWrite(path: path, reason: reason)
        }
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw .cannotRename(path: path, reason: reason)
        }
    }

    deinit { abandon() }

    /// Closes and deletes the temporary file; the path is left as it was.
    public func abandon() {
        guard open else { return }
        open = false
        close(sink.descriptor)
        unlink(temporaryPath)
    }
}
