#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to an open file descriptor through a 1 MiB buffer, so that streaming a large
/// manifest costs a few hundred system calls, not millions. Does not own the descriptor.
public struct FileDescriptorSink: ByteSink {
    public let descriptor: Int32
    /// The name used in error messages.
    public let name: String
    private var buffer: [UInt8] = []
    private let capacity: Int
    /// Bytes handed to the system so far (after `flush`, everything written).
    public private(set) var bytesWritten = 0

    public init(descriptor: Int32, name: String, bufferSize: Int = 1 << 20) {
        self.descriptor = descriptor
        self.name = name
        capacity = max(bufferSize, 4096)
        buffer.reserveCapacity(capacity)
    }

    public mutating func write(_ bytes: ArraySlice<UInt8>) throws(OutputError) {
        if buffer.count + bytes.count > capacity { try flush() }
        if bytes.count >= capacity {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    public mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputError) {
        if buffer.count + bytes.count > capacity { try flush() }
        if bytes.count >= min(capacity, Self.directWrite) {
            // Large enough to be worth its own system call: no copy through the buffer.
            try flush()
            try writeAll(UnsafeRawBufferPointer(bytes))
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Chunks at least this long skip the buffer.
    static let directWrite = 1 << 16

    /// Hands every buffered byte to the system.
    public mutating func flush() throws(OutputError) {
        guard !buffer.isEmpty else { return }
        try writeAll(buffer[...])
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func writeAll(_ bytes: ArraySlice<UInt8>) throws(OutputError) {
        var failure: OutputError? = nil
        bytes.withUnsafeBytes { raw in
            do throws(OutputError) { try writeAll(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    private mutating func writeAll(_ raw: UnsafeRawBufferPointer) throws(OutputError) {
        var offset = 0
        while offset < raw.count {
            let n = unistd_write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(path: name, reason: String(cString: strerror(errno)))
            }
            offset += n
        }
        bytesWritten += raw.count
    }
}

/// `write(2)`, named apart from the protocol's `write`.
@inline(__always)
private func unistd_write(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, pointer, count)
}
