import Foundation
import Testing
import SafeXML

/// Whole-file reads: regular files in one read of their size, pipes by growing a buffer,
/// both refusing input over the limit.
@Suite struct InputFileTests {
    /// Bytes that are not all one value, so a misplaced chunk would show.
    static func pattern(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
    }

    static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("paxsim-input-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [0, 1, 65_535, 65_536, 65_537, 1_000_003])
    func regularFileReadsExactly(size: Int) throws {
        let bytes = Self.pattern(size)
        let path = try Self.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try InputFile.read(path, limit: 2 << 20) == bytes)
    }

    @Test func regularFileOverTheLimitIsRefused() throws {
        let path = try Self.temporaryFile(Self.pattern(10_000))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: InputFile.Failure.self) { try InputFile.read(path, limit: 9_999) }
        #expect(try InputFile.read(path, limit: 10_000).count == 10_000)
    }

    @Test(arguments: [0, 10, 65_536, 300_001])
    func pipeReadsEverything(size: Int) throws {
        let bytes = Self.pattern(size)
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let writer = Self.writeOnThread(bytes, to: writeEnd)
        let read = try InputFile.read(fileDescriptor: readEnd, limit: 1 << 20)
        writer.wait()
        close(readEnd)
        #expect(read == bytes)
    }

    @Test func pipeOverTheLimitIsRefused() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        // 10,000 bytes over the limit: what the reader leaves unread fits in the pipe's
        // buffer, so the writer never blocks on a reader that has given up.
        let writer = Self.writeOnThread(Self.pattern(110_000), to: writeEnd)
        #expect(throws: InputFile.Failure.self) { try InputFile.read(fileDescriptor: readEnd, limit: 100_000) }
        writer.wait()
        close(readEnd)
    }

    /// Writes on a thread of its own: the reader blocks in `read(2)`, and a writer on the
    /// cooperative pool could wait behind it for a thread that never comes.
    static func writeOnThread(_ bytes: [UInt8], to fd: Int32) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            writeAll(bytes, to: fd)
            done.signal()
        }
        return done
    }

    static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, base + offset, buffer.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        close(fd)
    }
}
