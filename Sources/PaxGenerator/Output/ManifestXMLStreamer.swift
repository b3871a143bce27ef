public import PaxMessages
import SafeXML

/// Writes a manifest whose travellers come from a `TravelerStream` as one XML document,
/// byte for byte what `TravelerManifest.xml()` gives for the same manifest, in constant
/// memory.
///
/// PaxMessages' encoder writes every element: the streamer encodes the manifest with no
/// travellers once (the parts before and after `<Travelers>`), and each traveller with
/// `TravelerXML`, the encoder `TravelerManifest.xml()` itself uses for travellers.
public struct ManifestXMLStreamer: Sendable {
    /// Threads that encode travellers; the bytes are the same for any number.
    public var workers = ParallelWorkers<Int>.defaultCount
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
    public func write(_ stream: inout TravelerStream, to sink: inout some ByteSink, batch: Int = 512,
                      progress: (Int) -> Void = { _ in }) throws(OutputError) {
        guard !stream.isFinished else {
            try sink.write(empty)
            return
        }
        try sink.write(head)
        let buffers = ParallelWorkers((0..<workers).map { _ in XMLByteBuffer(capacity: batch * 2048) })
        while !stream.isFinished {
            let parts = stream.nextBatch(upTo: batch, workers: buffers) { buffer, travelers -> Result<XMLByteBuffer, OutputError> in
                buffer.removeAll()
                do throws(XMLWriterError) {
                    for index in travelers.indices {
                        try TravelerXML.append(travelers[index].traveler, depth: Self.travelerDepth, to: buffer)
                    }
                } catch {
                    return .failure(.encoding(error.description))
                }
                return .success(buffer)
            }
            for part in parts {
                let buffer = try part.get()
                try buffer.withUnsafeBufferPointer { bytes throws(OutputError) in try sink.write(bytes) }
            }
            progress(stream.produced)
        }
        try sink.write(tail)
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
