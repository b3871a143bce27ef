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

    /// All bytes of `path` (`-` reads standard input), refusing more than `limit`.
    public static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(String(cString: strerror(errno))) }
        defer { if fd != STDIN_FILENO { close(fd) } }
        return try read(fileDescriptor: fd, limit: limit)
    }

    /// All bytes readable from `fd`, refusing more than `limit`.
    public static func read(fileDescriptor fd: Int32, limit: Int) throws(Failure) -> [UInt8] {
        var result: [UInt8] = []
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            let size = Int(info.st_size)
            if size > limit { throw .tooLarge(size, limit: limit) }
            result.reserveCapacity(size)
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .readFailed(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            if result.count + n > limit { throw .tooLarge(result.count + n, limit: limit) }
            result.append(contentsOf: chunk[0..<n])
        }
        return result
    }
}
