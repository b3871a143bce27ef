import PaxBase
public import PaxMessages
import SafeXML

/// Writes a manifest whose travellers come from a `TravelerStream` as one XML document,
/// byte for byte what `TravelerManifest.xml()` gives for the same manifest, in constant
/// memory.
///
/// PaxMessages' encoder writes every element: the streamer encodes the manifest with no
/// travellers once (the parts before and after `<Travelers>`), and each traveller from its
/// draft, as `TravelerXML` (the encoder `TravelerManifest.xml()` uses) writes it.
public struct ManifestXMLStreamer: Sendable {
    /// Threads that encode travellers; the bytes are the same for any number.
    public var workers = ParallelWork.defaultWorkers
    private let head: [UInt8]
    private let tail: [UInt8]
    private let empty: [UInt8]
    /// `<Traveler>` sits inside `<TravelerManifest>` and `<Travelers>`.
    static let travelerDepth = 2

    /// A streamer for manifests shaped like `template` (its travellers are ignored).
    public init(template: TravelerManifest) throws(OutputError) {
        var manifest = template
        manifest.travelers = []
        do {
            empty = try manifest.xml()
        } catch {
            throw .encoding(error.description)
        }
        let marker = Array("<Travelers/>".utf8)
        guard let at = Self.find(marker, in: empty) else { throw .encoding("no <Travelers/> in the encoded manifest") }
        head = Array(empty[..<at]) + Array("<Travelers>".utf8)
        tail = Array("\n  </Travelers>".utf8) + Array(empty[(at + marker.count)...])
    }

    /// Streams all remaining travellers of `stream` to `sink`, `batch` at a time, calling
    /// `progress` with the number produced after each batch.
    ///
    /// Batch `k` is written while batch `k + 1` is built: the workers fill one set of
    /// buffers while the bytes of the other go to `sink`, and each batch is cut in two
    /// shares per worker so the threads stay busy while one of them writes.
    public func write(_ stream: inout TravelerStream, to sink: inout some ByteSink, batch: Int = 512,
                      progress: (Int) -> Void = { _ in }) throws(OutputError) {
        guard !stream.isFinished else {
            try sink.write(empty)
            return
        }
        try sink.write(head)
        let shares = workers == 1 ? 1 : 2 * workers
        let sets = (0..<2).map { _ in ParallelWorkers((0..<shares).map { _ in XMLByteBuffer(capacity: batch * 4096 / shares) }) }
        var built: [Result<XMLByteBuffer, OutputError>] = []
        var turn = 0
        while !stream.isFinished {
            let previous = built
            var failure: OutputError? = nil
            built = stream.nextBatch(upTo: batch, workers: sets[turn], alongside: {
                do throws(OutputError) { try Self.write(previous, to: &sink) } catch { failure = error }
            }) { buffer, share -> Result<XMLByteBuffer, OutputError> in
                buffer.removeAll()
                do throws(XMLWriterError) {
                    try buffer.withCursor { (out: inout ByteCursor) throws(XMLWriterError) in
                        for index in share.drafts.indices {
                            try share.drafts[index].appendXML(in: share.context, depth: Self.travelerDepth, to: &out)
                        }
                    }
                } catch {
                    return .failure(.encoding(error.description))
                }
                return .success(buffer)
            }
            if let failure { throw failure }
            progress(stream.produced)
            turn = 1 - turn
        }
        try Self.write(built, to: &sink)
        try sink.write(tail)
    }

    /// Writes a batch's buffers in order; the first encoding failure stops it.
    private static func write(_ parts: [Result<XMLByteBuffer, OutputError>], to sink: inout some ByteSink) throws(OutputError) {
        for part in parts {
            let buffer = try part.get()
            try buffer.withUnsafeBufferPointer { bytes throws(OutputError) in try sink.write(bytes) }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count, let first = needle.first else { return nil }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
