#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer for byte-level encoders (`TravelerXML`), reused from batch to
/// batch; not for sharing between threads. Encoders write through a `ByteCursor` borrowed
/// for a whole element, so a byte costs a store, not a call with exclusivity checks.
public final class XMLByteBuffer {
    var cursor: ByteCursor

    public init(capacity: Int = 1 << 16) {
        cursor = ByteCursor(capacity: capacity)
    }

    deinit { cursor.storage.deallocate() }

    /// Bytes written so far.
    public var count: Int { cursor.count }

    /// Appends any bytes.
    public func append(contentsOf bytes: some Collection<UInt8>) {
        cursor.reserve(bytes.count)
        for byte in bytes { cursor.appendUnchecked(byte) }
    }

    /// Forgets everything written after `mark` (a previous `count`).
    public func truncate(to mark: Int) { cursor.count = min(cursor.count, max(0, mark)) }

    public func removeAll() { cursor.count = 0 }

    /// The bytes written, without copying, for the duration of `body`.
    public func withUnsafeBufferPointer<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result) throws(Failure) -> Result {
        try body(UnsafeBufferPointer(start: cursor.storage, count: cursor.count))
    }

    /// The bytes written, copied out.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: cursor.storage, count: cursor.count)) }
}

/// The storage of an `XMLByteBuffer` while an encoder writes into it (passed `inout`).
struct ByteCursor {
    var storage: UnsafeMutablePointer<UInt8>
    var count = 0
    var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        storage = .allocate(capacity: self.capacity)
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        grow(to: count + extra)
    }

    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: storage, count: count)
        storage.deallocate()
        storage = grown
        capacity = newCapacity
    }

    @inline(__always)
    mutating func appendUnchecked(_ byte: UInt8) {
        storage[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        appendUnchecked(byte)
    }

    /// Appends `bytes` with one `memcpy`.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        reserve(bytes.count)
        (storage + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    /// Appends a literal's UTF-8.
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends a string's UTF-8 unchanged (no escaping).
    @inline(__always)
    mutating func appendRaw(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ append($0) }) != nil { return }
        for byte in text.utf8 { append(byte) }
    }

    /// A newline and two spaces per level: one copy from a literal up to 32 levels.
    @inline(__always)
    mutating func newline(_ level: Int) {
        let line: StaticString = "\n                                                                "
        let length = 1 + 2 * level
        if length <= line.utf8CodeUnitCount {
            append(UnsafeBufferPointer(start: line.utf8Start, count: length))
            return
        }
        reserve(length)
        storage[count] = 0x0A
        for index in 1..<length { storage[count + index] = 0x20 }
        count += length
    }

    /// Lets `body` write at most `maximum` bytes straight into the buffer; it returns how
    /// many it wrote.
    @inline(__always)
    mutating func write(maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(maximum)
        count += body(storage + count)
    }
}
