#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer for the encoding hot path: appends are `memcpy`s into storage
/// owned by this object, without `Array`'s per-call uniqueness and capacity checks. One
/// per encoding worker, reused from batch to batch.
final class ByteWriter {
    private var storage: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: storage, count: count)
        storage.deallocate()
        storage = grown
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (storage + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count += 1
    }

    func append(_ bytes: some Collection<UInt8>) {
        reserve(bytes.count)
        for byte in bytes {
            storage[count] = byte
            count += 1
        }
    }

    /// Lets `body` write at most `maximum` bytes straight into the buffer; it returns how
    /// many it wrote (nil when it gave up: nothing is kept).
    @inline(__always)
    func write(maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int?) -> Bool {
        reserve(maximum)
        guard let written = body(storage + count) else { return false }
        count += written
        return true
    }

    /// Forgets everything written after `mark` (a previous `count`).
    func truncate(to mark: Int) { count = min(count, max(0, mark)) }

    func removeAll() { count = 0 }

    /// Whether the bytes from `mark` on equal `other`.
    func suffix(from mark: Int, equals other: ArraySlice<UInt8>) -> Bool {
        guard mark >= 0, mark <= count, count - mark == other.count else { return false }
        return other.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return other.isEmpty }
            return memcmp(storage + mark, base, other.count) == 0
        }
    }

    /// The bytes written, copied out.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: storage, count: count)) }
}
