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
    @usableFromInline var cursor: ByteCursor

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

    /// Lets `body` write through the buffer's cursor (for byte-level encoders outside
    /// PaxMessages); what it wrote stays even when it throws.
    @inlinable
    public func withCursor<Result, Failure: Error>(_ body: (inout ByteCursor) throws(Failure) -> Result) throws(Failure) -> Result {
        try body(&cursor)
    }

    /// The bytes written, copied out.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: cursor.storage, count: cursor.count)) }
}

/// The storage of an `XMLByteBuffer` while an encoder writes into it: passed `inout`,
/// never copied (the buffer owns and frees the storage, so no copy may outlive or grow it).
public struct ByteCursor: ~Copyable {
    @usableFromInline var storage: UnsafeMutablePointer<UInt8>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int

    /// Bytes written.
    public var written: Int { count }

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        storage = .allocate(capacity: self.capacity)
    }

    /// Makes room for `extra` more bytes.
    @inlinable @inline(__always)
    public mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        grow(to: count + extra)
    }

    @usableFromInline
    mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: storage, count: count)
        storage.deallocate()
        storage = grown
        capacity = newCapacity
    }

    @inlinable @inline(__always)
    public mutating func appendUnchecked(_ byte: UInt8) {
        storage[count] = byte
        count += 1
    }

    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        appendUnchecked(byte)
    }

    /// Appends `bytes`: short runs (tags, indentation, codes) with two overlapping word
    /// copies, longer ones with one `memcpy`.
    @inlinable @inline(__always)
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        let length = bytes.count
        reserve(length)
        let source = UnsafeRawPointer(base), target = UnsafeMutableRawPointer(storage + count)
        if length >= 8, length <= 16 {
            let head = source.loadUnaligned(as: UInt64.self)
            let last = source.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: last, toByteOffset: length - 8, as: UInt64.self)
        } else if length >= 4, length < 8 {
            let head = source.loadUnaligned(as: UInt32.self)
            let last = source.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
            target.storeBytes(of: head, as: UInt32.self)
            target.storeBytes(of: last, toByteOffset: length - 4, as: UInt32.self)
        } else {
            target.copyMemory(from: source, byteCount: length)
        }
        count += length
    }

    /// Appends a literal's UTF-8.
    @inlinable @inline(__always)
    public mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends a string's UTF-8 unchanged (no escaping).
    @inlinable @inline(__always)
    public mutating func appendRaw(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ append($0) }) != nil { return }
        for byte in text.utf8 { append(byte) }
    }

    /// A newline and two spaces per level: one copy from a literal up to 32 levels.
    @inlinable @inline(__always)
    public mutating func newline(_ level: Int) {
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
    @inlinable @inline(__always)
    public mutating func write(maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(maximum)
        count += body(storage + count)
    }
}
