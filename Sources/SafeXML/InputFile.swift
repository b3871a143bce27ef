import Foundation

/// Reads whole files into memory with a size cap, for documents validated as a tree.
public enum InputFile {
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case cannotOpen(String)
        case tooLarge(Int, limit: Int)
        case readFailed(String)

        public var description: String {
            switch self {
            case .cannotOpen(let reason): "cannot open: \(reason)"
            case .tooLarge(let size, let limit): "\(size) bytes, over the \(limit)-byte limit"
            case .readFailed(let reason): "read failed: \(reason)"
            }
        }
    }

    /// The size of a regular file, or nil for pipes and unreadable paths.
    public static func size(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// The size of the regular file open as `fd`, or nil for pipes, terminals and sockets
    /// (which have no size to check in advance and cannot be read again).
    public static func size(ofOpen fd: Int32) -> Int? {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// All bytes of `path` (`-` reads standard input), refusing more than `limit`.
    public static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(String(cString: strerror(errno))) }
        defer { if fd != STDIN_FILENO { close(fd) } }
        return try read(fileDescriptor: fd, limit: limit)
    }

    /// All bytes readable from `fd`, refusing more than `limit`. Regular files are read
    /// straight into one buffer of their size; pipes grow a buffer as data arrives.
    public static func read(fileDescriptor fd: Int32, limit: Int) throws(Failure) -> [UInt8] {
        let expected = size(ofOpen: fd) ?? 0
        if expected > limit { throw .tooLarge(expected, limit: limit) }
        // Read straight into the result, uninitialised: one copy, from the kernel, and no
        // pass to zero memory that the read overwrites anyway.
        var failure: Failure?
        var atEnd = false
        var result = [UInt8](unsafeUninitializedCapacity: max(expected + 1, 1 << 16)) { buffer, initialized in
            initialized = 0
            while initialized < buffer.count {
                let n = Foundation.read(fd, buffer.baseAddress.map { $0 + initialized }, buffer.count - initialized)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = .readFailed(String(cString: strerror(errno)))
                    return
                }
                if n == 0 { atEnd = true; return }
                initialized += n
            }
        }
        if let failure { throw failure }
        if result.count > limit { throw .tooLarge(result.count, limit: limit) }
        var filled = result.count
        // A pipe, or a file that grew: keep reading, doubling the buffer.
        while !atEnd {
            result.append(contentsOf: repeatElement(0, count: result.count))
            while true {
                let n = result.withUnsafeMutableBytes { buffer in
                    Foundation.read(fd, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .readFailed(String(cString: strerror(errno)))
                }
                if n == 0 { atEnd = true; break }
                filled += n
                if filled > limit { throw .tooLarge(filled, limit: limit) }
                if filled == result.count { break }
            }
        }
        result.removeSubrange(filled...)
        return result
    }
}
