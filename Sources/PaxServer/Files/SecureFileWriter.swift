#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that nothing half-written is ever seen under the final name, with the
/// permission bits set before any byte is written (a private key is never readable by others,
/// not even for a moment), and — unless replacing is asked for — without overwriting an
/// existing file (the final step is `link(2)`, which fails atomically if the name exists).
/// A symbolic link at the final name is never followed: the temporary file is created with
/// `O_EXCL | O_NOFOLLOW` beside it, and `rename(2)`/`link(2)` act on the name itself.
public enum SecureFileWriter {
    /// Writes one file atomically (a temporary file in the same directory, synced, then renamed
    /// over the name, or linked to it when `replace` is false), with `permissions` (e.g.
    /// `0o644`) set before any byte is written. A symbolic link planted at `path` is replaced,
    /// never followed.
    public static func writeFile(_ bytes: [UInt8], to path: String, permissions: UInt32, replace: Bool) throws(FileWriteError) {
        try write([Item(path: path, bytes: bytes, mode: mode_t(permissions & 0o7777))], replace: replace)
    }

    /// One file to write: its final path, its bytes and its mode (e.g. `0o600`).
    struct Item {
        var path: String
        var bytes: [UInt8]
        var mode: mode_t
    }

    /// Writes every item, or none: if one cannot be put in place, those already placed by this
    /// call are removed again. With `replace` false, an existing file is an error and is left alone.
    static func write(_ items: [Item], replace: Bool) throws(FileWriteError) {
        var temporaries: [String] = []
        defer { for path in temporaries { unlink(path) } }
        for item in items {
            temporaries.append(try writeTemporary(item))
        }
        if !replace {
            for item in items where access(item.path, F_OK) == 0 {
                throw FileWriteError(path: item.path, reason: "already exists (use --force to replace it)")
            }
        }
        var placed: [String] = []
        for (item, temporary) in zip(items, temporaries) {
            let result = replace ? rename(temporary, item.path) : link(temporary, item.path)
            if result != 0 {
                let code = errno
                for path in placed { unlink(path) }
                let reason = code == EEXIST ? "already exists (use --force to replace it)" : errorText(code)
                throw FileWriteError(path: item.path, reason: reason)
            }
            placed.append(item.path)
        }
        if let directory = items.first.map({ directoryName(of: $0.path) }) { syncDirectory(directory) }
    }

    private static func writeTemporary(_ item: Item) throws(FileWriteError) -> String {
        var suffix = UInt64.random(in: 0...UInt64.max)
        var path = ""
        var descriptor: Int32 = -1
        for _ in 0..<8 {
            path = "\(directoryName(of: item.path))/.\(baseName(of: item.path)).\(String(suffix, radix: 36)).tmp"
            descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, item.mode)
            if descriptor >= 0 || errno != EEXIST { break }
            suffix &+= 1
        }
        guard descriptor >= 0 else {
            throw FileWriteError(path: item.path, reason: "cannot create a temporary file beside it: \(errorText(errno))")
        }
        defer { close(descriptor) }
        // The umask may have removed bits: set exactly the mode asked for (before any write).
        guard fchmod(descriptor, item.mode) == 0 else {
            let code = errno
            unlink(path)
            throw FileWriteError(path: item.path, reason: "cannot set its mode: \(errorText(code))")
        }
        var offset = 0
        while offset < item.bytes.count {
            let written = item.bytes[offset...].withUnsafeBytes { posixWrite(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                unlink(path)
                throw FileWriteError(path: item.path, reason: "cannot write: \(errorText(code))")
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else {
            let code = errno
            unlink(path)
            throw FileWriteError(path: item.path, reason: "cannot sync to disk: \(errorText(code))")
        }
        return path
    }

    private static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    static func directoryName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// A file could not be written; `path` and `reason` say which and why.
public struct FileWriteError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// `write(2)`, named apart from `SecureFileWriter.write` (which would shadow it).
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
