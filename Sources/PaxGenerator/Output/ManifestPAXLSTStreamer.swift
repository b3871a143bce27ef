public import PaxEDIFACTMapping
public import PaxMessages
import PaxEDIFACT

/// Writes a manifest whose travellers come from a `TravelerStream` as a UN/EDIFACT PAXLST
/// interchange, in bounded memory: the same travellers as `ManifestXMLStreamer` writes for the
/// same seed (reading the PAXLST back gives the XML's manifest), split into parts under the
/// segment limit. Declares UNOC (read as UTF-8), since the names are not known in advance.
public struct ManifestPAXLSTStreamer: Sendable {
    private let template: TravelerManifest
    private let options: PAXLSTWriteOptions

    public init(template: TravelerManifest, options: PAXLSTWriteOptions = PAXLSTWriteOptions()) {
        var manifest = template
        manifest.travelers = []
        self.template = manifest
        self.options = options
    }

    /// Streams all remaining travellers of `stream` to `sink`, `batch` at a time, calling
    /// `progress` with the number produced after each batch.
    public func write(_ stream: inout TravelerStream, to sink: inout some ByteSink, batch: Int = 512,
                      progress: (Int) -> Void = { _ in }) throws(OutputError) {
        do {
            var writer = try PAXLSTStreamWriter(template: template, options: options, syntaxLevel: .unoc)
            try sink.write(writer.take())
            while !stream.isFinished {
                for traveler in stream.next(upTo: batch) { try writer.add(traveler) }
                let ready = writer.take()
                if !ready.isEmpty { try sink.write(ready) }
                progress(stream.produced)
            }
            try writer.finish()
            try sink.write(writer.take())
        } catch let error as OutputError {
            throw error
        } catch {
            throw .encoding(String(describing: error))
        }
    }
}
