#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Outputs written one by one while an input streams, made visible all at once: each goes to a
/// hidden temporary file in `directory`; `commit(names:)` renames them into place, `drain(to:)`
/// copies them to a descriptor (standard output), and `abandon()` (or an error before either)
/// deletes them, so a failed conversion leaves nothing half-written. Memory holds one output at
/// a time, whatever the number of outputs. A class because it owns files on disk: dropping it
/// uncommitted abandons them.
public final class StagedFiles {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public let directory: String
    private var staged: [String] = []

    /// Stages files in `directory` (it must exist): the final directory, so renames stay on one file system.
    public init(directory: String) {
        self.directory = directory.isEmpty ? "." : directory
    }

    deinit { abandon() }

    /// Outputs staged so far.
    public var count: Int { staged.count }

    /// Writes `bytes` to a new temporary file.
    public func stage(_ bytes: [UInt8]) throws(Failure) {
        var template = Array((Self.join(directory, ".paxsim-staged-XXXXXX")).utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw Failure(description: "cannot create a file in \(directory): \(Self.reason())") }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        staged.append(path)
        defer { close(fd) }
        _ = fchmod(fd, 0o644)
        var failure: Failure?
        bytes.withUnsafeBytes { raw in
            do throws(Failure) { try Self.writeAll(raw, to: fd, name: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Renames the staged files to `names` (in `directory`), in staging order; returns the paths.
    public func commit(names: [String]) throws(Failure) -> [String] {
        guard names.count == staged.count else {
            throw Failure(description: "\(names.count) names for \(staged.count) staged files")
        }
        var paths: [String] = []
        for (temporary, name) in zip(staged, names) {
            let path = Self.join(directory, name)
            guard rename(temporary, path) == 0 else {
                throw Failure(description: "cannot rename \(temporary) to \(path): \(Self.reason())")
            }
            paths.append(path)
        }
        staged.removeAll()
        return paths
    }

    /// Copies the staged files, in order, to `descriptor` (64 KiB at a time), then deletes them.
    public func drain(to descriptor: Int32) throws(Failure) {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { chunk.deallocate() }
        for path in staged {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw Failure(description: "cannot read \(path): \(Self.reason())") }
            defer { close(fd) }
            while true {
                let count = read(fd, chunk.baseAddress, chunk.count)
                if count < 0, errno == EINTR { continue }
                guard count >= 0 else { throw Failure(description: "cannot read \(path): \(Self.reason())") }
                if count == 0 { break }
                try Self.writeAll(UnsafeRawBufferPointer(rebasing: chunk[0..<count]), to: descriptor, name: "output")
            }
        }
        abandon()
    }

    /// Deletes every staged file.
    public func abandon() {
        for path in staged { unlink(path) }
        staged.removeAll()
    }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, name: String) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw Failure(description: "cannot write \(name): \(reason())") }
            offset += written
        }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
