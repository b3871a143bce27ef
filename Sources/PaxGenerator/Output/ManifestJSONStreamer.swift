public import PaxMessages
public import Foundation

/// Writes a streamed manifest as JSON (the models' `Codable` form, keys sorted, one line),
/// the same bytes as encoding the whole manifest with `ManifestJSONStreamer.encoder`, in
/// constant memory: sorted keys put `travelers` last, so the travellers are written one by
/// one between the manifest's other fields and its closing brace.
public struct ManifestJSONStreamer {
    private let head: [UInt8]
    private let tail: [UInt8]
    private let empty: [UInt8]
    private let encoder: JSONEncoder

    /// The encoder whose output this streamer reproduces.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A streamer for manifests shaped like `template` (its travellers are ignored).
    public init(template: TravelerManifest) throws(OutputError) {
        encoder = Self.makeEncoder()
        var manifest = template
        manifest.travelers = []
        do {
            empty = Array(try encoder.encode(manifest)) + [0x0A]
        } catch {
            throw .encoding("\(error)")
        }
        let suffix = Array("\"travelers\":[]}\n".utf8)
        guard empty.count >= suffix.count, empty[(empty.count - suffix.count)...].elementsEqual(suffix) else {
            throw .encoding("the JSON manifest does not end with its travellers")
        }
        head = Array(empty[..<(empty.count - 3)])
        tail = Array("]}\n".utf8)
    }

    /// Streams all remaining travellers of `stream` to `sink` (see `ManifestXMLStreamer.write`).
    public func write(_ stream: inout TravelerStream, to sink: inout some ByteSink, batch: Int = 256,
                      progress: (Int) -> Void = { _ in }) throws(OutputError) {
        var travelers = stream.nextGenerated(upTo: batch)
        if travelers.isEmpty {
            try sink.write(empty)
            return
        }
        try sink.write(head)
        var first = true
        while !travelers.isEmpty {
            var chunk: [UInt8] = []
            for generated in travelers {
                if !first { chunk.append(UInt8(ascii: ",")) }
                first = false
                do {
                    chunk.append(contentsOf: try encoder.encode(generated.traveler))
                } catch {
                    throw .encoding("\(error)")
                }
            }
            try sink.write(chunk)
            progress(stream.produced)
            travelers = stream.nextGenerated(upTo: batch)
        }
        try sink.write(tail)
    }
}
