public import PaxMessages
import SafeXML

/// Writes a manifest whose travellers come from a `TravelerStream` as one XML document,
/// byte for byte what `TravelerManifest.xml()` gives for the same manifest, in constant
/// memory.
///
/// PaxMessages' encoder writes every element: the streamer encodes the manifest with no
/// travellers once (the parts before and after `<Travelers>`), then each batch of
/// travellers inside the same manifest and cuts the batch's bytes out, so no element is
/// written by code of its own.
public struct ManifestXMLStreamer: Sendable {
    /// Threads that encode travellers; the bytes are the same for any number.
    public var workers = ParallelWorkers<Int>.defaultCount
    private let template: TravelerManifest
    private let head: [UInt8]
    private let tail: [UInt8]
    private let empty: [UInt8]

    /// A streamer for manifests shaped like `template` (its travellers are ignored).
    public init(template: TravelerManifest) throws(OutputError) {
        var manifest = template
        manifest.travelers = []
        self.template = manifest
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
    /// `progress` with the number produced after each batch. Travellers are encoded through
    /// `TravelerTemplates` (templates from PaxMessages' encoder, checked against it).
    public func write(_ stream: inout TravelerStream, to sink: inout some ByteSink, batch: Int = 512,
                      progress: (Int) -> Void = { _ in }) throws(OutputError) {
        guard !stream.isFinished else {
            try sink.write(empty)
            return
        }
        try sink.write(head)
        let exact: @Sendable ([Traveler]) throws(OutputError) -> ArraySlice<UInt8> = { [self] travelers throws(OutputError) in
            try self.travelerBytes(travelers)
        }
        let encoders = ParallelWorkers((0..<workers).map { _ in (TravelerTemplates(exact: exact), ByteWriter(capacity: batch * 2048)) })
        while !stream.isFinished {
            let parts = stream.nextBatch(upTo: batch, workers: encoders) { encoder, travelers -> Result<[UInt8], OutputError> in
                let chunk = encoder.1
                chunk.removeAll()
                do throws(OutputError) {
                    for index in travelers.indices { try encoder.0.append(travelers[index].traveler, to: chunk) }
                } catch {
                    return .failure(error)
                }
                return .success(chunk.bytes)
            }
            for part in parts { try sink.write(try part.get()) }
            progress(stream.produced)
        }
        try sink.write(tail)
    }

    /// The `<Traveler>` elements of `travelers`, indented as inside the manifest.
    func travelerBytes(_ travelers: [Traveler]) throws(OutputError) -> ArraySlice<UInt8> {
        var manifest = template
        manifest.travelers = travelers
        let bytes: [UInt8]
        do {
            bytes = try manifest.xml()
        } catch {
            throw .encoding(error.description)
        }
        guard bytes.count >= head.count + tail.count, bytes[..<head.count].elementsEqual(head),
              bytes[(bytes.count - tail.count)...].elementsEqual(tail) else {
            throw .encoding("the encoded manifest does not have the expected layout around <Travelers>")
        }
        return bytes[head.count..<(bytes.count - tail.count)]
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
