#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import PaxEDIFACT
public import PaxMessages
import SafeXML

/// What an input file holds, told from its first bytes.
public enum InputFormat: String, Sendable {
    case edifact, xml

    /// EDIFACT when `UNA` or `UNB` appears before any `<` in the first 64 KiB (telex headers
    /// and other noise may come first); XML otherwise.
    public static func detect(_ bytes: [UInt8]) -> InputFormat {
        let head = bytes.prefix(65_536)
        var index = head.startIndex
        while index + 2 < head.endIndex {
            let byte = head[index]
            if byte == UInt8(ascii: "<") { return .xml }
            if byte == UInt8(ascii: "U"), head[index + 1] == UInt8(ascii: "N"),
               head[index + 2] == UInt8(ascii: "A") || head[index + 2] == UInt8(ascii: "B") { return .edifact }
            index += 1
        }
        return .xml
    }

    /// The format of the file at `path` from its first 64 KiB; nil when it cannot be read.
    public static func detect(path: String) -> InputFormat? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: 65_536)
        var filled = 0
        while filled < head.count {
            let count = head.withUnsafeMutableBytes { read(descriptor, $0.baseAddress.map { $0 + filled }, $0.count - filled) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            filled += count
        }
        return detect(Array(head[0..<filled]))
    }
}

/// Converts manifests between XML and PAXLST, for `paxsim convert`.
public struct ManifestConverter: Sendable {
    public enum Target: String, Sendable, CaseIterable {
        case xml, paxlst
    }

    /// One file to write.
    public struct Output: Sendable {
        /// File name suggested for it (input base name, a part suffix, the target's extension).
        public var name: String
        public var bytes: [UInt8]
    }

    /// The result for one input: outputs to write (none when any error was found, so nothing
    /// half-converted is written) and every diagnostic.
    public struct Result: Sendable {
        public var outputs: [Output]
        public var diagnostics: [EDIFACTDiagnostic]
        public var failed: Bool { diagnostics.contains { $0.severity == .error } }
    }

    public var readerOptions: ReaderOptions
    public var readOptions: PAXLSTReadOptions
    public var writeOptions: PAXLSTWriteOptions

    public init(readerOptions: ReaderOptions = .lenient, readOptions: PAXLSTReadOptions = PAXLSTReadOptions(),
                writeOptions: PAXLSTWriteOptions = PAXLSTWriteOptions()) {
        self.readerOptions = readerOptions
        self.readOptions = readOptions
        self.writeOptions = writeOptions
    }

    /// The manifests in `bytes` (an EDIFACT interchange or an XML manifest) and every diagnostic.
    public func manifests(in bytes: [UInt8]) -> (manifests: [TravelerManifest], diagnostics: [EDIFACTDiagnostic]) {
        var diagnostics: [EDIFACTDiagnostic] = []
        var manifests: [TravelerManifest] = []
        switch InputFormat.detect(bytes) {
        case .edifact:
            do throws(EDIFACTError) {
                let read = try InterchangeInput.read(bytes, options: readerOptions)
                diagnostics += read.diagnostics
                let (mapped, problems) = PAXLSTReader(options: readOptions).manifests(from: read.messages)
                diagnostics += problems
                for result in mapped {
                    diagnostics += readerOptions.mode == .strict
                        ? result.diagnostics.map { Self.promoted($0) } : result.diagnostics
                    manifests.append(result.manifest)
                }
                if mapped.isEmpty && problems.isEmpty {
                    diagnostics.append(EDIFACTDiagnostic(.error, .missing, at: SourcePosition(), "the interchange holds no PAXLST message"))
                }
            } catch {
                diagnostics.append(error.diagnostic)
            }
        case .xml:
            do throws(MessageDecodingError) {
                manifests.append(try TravelerManifest.decode(bytes: bytes))
            } catch {
                diagnostics.append(EDIFACTDiagnostic(.error, .invalidValue, at: SourcePosition(), "not a TravelerManifest: \(error)"))
            }
        }
        return (manifests, diagnostics)
    }

    /// A CUSRES interchange answering the manifest in `manifestBytes` (PAXLST or XML) with the
    /// `RiskAssessment` XML in `assessmentBytes`; sent by the manifest's receiver to its sender.
    public func cusres(answering manifestBytes: [UInt8], assessment assessmentBytes: [UInt8]) -> Result {
        var (manifests, diagnostics) = manifests(in: manifestBytes)
        let assessment: RiskAssessment
        do throws(MessageDecodingError) {
            assessment = try RiskAssessment.decode(bytes: assessmentBytes)
        } catch {
            diagnostics.append(EDIFACTDiagnostic(.error, .invalidValue, at: SourcePosition(), "not a RiskAssessment: \(error)"))
            return Result(outputs: [], diagnostics: diagnostics)
        }
        guard let manifest = manifests.first(where: { $0.header.messageId == assessment.manifestMessageId }) ?? manifests.first,
              !diagnostics.contains(where: { $0.severity == .error }) else {
            return Result(outputs: [], diagnostics: diagnostics)
        }
        if manifest.header.messageId != assessment.manifestMessageId {
            diagnostics.append(EDIFACTDiagnostic(.warning, .controlReference, at: SourcePosition(),
                                                 "the assessment is for manifest \(assessment.manifestMessageId), not \(manifest.header.messageId)"))
        }
        let stamp = PAXLSTDates.utcStamp(assessment.assessedAt)
        do throws(EDIFACTError) {
            let bytes = try CUSRESResponse(answering: manifest, with: assessment).interchange(
                sender: manifest.header.receiver, recipient: manifest.header.sender, reference: String(stamp.dropFirst(2).prefix(12)),
                date: String(stamp.dropFirst(2).prefix(6)), time: String(stamp.dropFirst(8).prefix(4)), version: writeOptions.version)
            return Result(outputs: [Output(name: "cusres.edi", bytes: bytes)], diagnostics: diagnostics)
        } catch {
            diagnostics.append(error.diagnostic)
            return Result(outputs: [], diagnostics: diagnostics)
        }
    }

    /// Converts `bytes` (an EDIFACT interchange or an XML manifest) named `baseName`.
    public func convert(_ bytes: [UInt8], baseName: String, to target: Target) -> Result {
        var (manifests, diagnostics) = manifests(in: bytes)
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return Result(outputs: [], diagnostics: diagnostics) }
        var outputs: [Output] = []
        for (index, manifest) in manifests.enumerated() {
            let name = Self.outputName(base: baseName, index: index, count: manifests.count, target: target)
            do {
                switch target {
                case .xml:
                    outputs.append(Output(name: name, bytes: try manifest.xml()))
                case .paxlst:
                    outputs.append(Output(name: name, bytes: try PAXLSTWriter(options: writeOptions).write(manifest)))
                }
            } catch {
                diagnostics.append(EDIFACTDiagnostic(.error, .invalidValue, at: SourcePosition(), "cannot write \(target.rawValue): \(error)"))
                return Result(outputs: [], diagnostics: diagnostics)
            }
        }
        return Result(outputs: outputs, diagnostics: diagnostics)
    }

    /// Converts the EDIFACT interchange read from `fileDescriptor` in bounded memory: the input
    /// is lexed in chunks and every manifest (multi-part lists merged) is converted and handed
    /// to `emit` as soon as its last message is read, so memory holds one list, never the
    /// interchange. After the first error nothing more is emitted (reading goes on to report
    /// every diagnostic): the caller stages what `emit` gets and publishes it only when the
    /// result has no error. Diagnostics are capped at `maxDiagnostics` (a note says how many more).
    public func convertStream(fileDescriptor: Int32, to target: Target, maxDiagnostics: Int = 10_000,
                              emit: ([UInt8]) throws -> Void) -> Result {
        var diagnostics = DiagnosticList(limit: maxDiagnostics)
        var merger = PAXLSTMerger(reader: PAXLSTReader(options: readOptions))
        var manifests = 0
        var failed = false
        func take(_ done: [PAXLSTManifest]) {
            for result in done {
                manifests += 1
                diagnostics.append(contentsOf: readerOptions.mode == .strict
                    ? result.diagnostics.map { Self.promoted($0) } : result.diagnostics)
                failed = failed || diagnostics.hasErrors
                guard !failed else { continue }
                do {
                    switch target {
                    case .xml: try emit(try result.manifest.xml())
                    case .paxlst: try emit(try PAXLSTWriter(options: writeOptions).write(result.manifest))
                    }
                } catch {
                    failed = true
                    diagnostics.append(EDIFACTDiagnostic(.error, .io, at: result.sources.message.position, tag: "UNH",
                                                         "cannot write manifest \(manifests) as \(target.rawValue): \(error)"))
                }
            }
        }
        do throws(EDIFACTError) {
            let reader = try InterchangeInput.stream(fileDescriptor: fileDescriptor, options: readerOptions) { message in
                take(merger.add(message))
            }
            take(merger.finish())
            diagnostics.append(contentsOf: reader.diagnostics)
            diagnostics.append(contentsOf: merger.diagnostics)
            if manifests == 0 && merger.diagnostics.isEmpty {
                diagnostics.append(EDIFACTDiagnostic(.error, .missing, at: SourcePosition(), "the interchange holds no PAXLST message"))
            }
        } catch {
            diagnostics.append(error.diagnostic)
        }
        return Result(outputs: [], diagnostics: diagnostics.all.sorted { $0.position.segment < $1.position.segment })
    }

    /// The file name of output `index` (from 0) of `count` for input `base`: `base.xml`, or
    /// `base-1.xml`, `base-2.xml`, ... when one input holds several manifests.
    public static func outputName(base: String, index: Int, count: Int, target: Target) -> String {
        base + (count > 1 ? "-\(index + 1)" : "") + (target == .xml ? ".xml" : ".edi")
    }

    /// Strict conversion refuses what lenient conversion only reports: unmapped or invalid values.
    private static func promoted(_ diagnostic: EDIFACTDiagnostic) -> EDIFACTDiagnostic {
        var copy = diagnostic
        if copy.code != .unmappedSegment { copy.severity = .error }
        return copy
    }
}

/// Diagnostics collected up to a limit, errors always counted, so a stream with a warning per
/// traveller cannot fill memory.
struct DiagnosticList {
    let limit: Int
    private(set) var items: [EDIFACTDiagnostic] = []
    private(set) var dropped = 0
    private(set) var hasErrors = false

    init(limit: Int) { self.limit = max(limit, 1) }

    mutating func append(contentsOf more: [EDIFACTDiagnostic]) {
        for diagnostic in more { append(diagnostic) }
    }

    mutating func append(_ diagnostic: EDIFACTDiagnostic) {
        if diagnostic.severity == .error { hasErrors = true }
        if items.count < limit { items.append(diagnostic) } else { dropped += 1 }
    }

    /// Everything kept, in order, with a note on what was dropped.
    var all: [EDIFACTDiagnostic] {
        guard dropped > 0 else { return items }
        return items + [EDIFACTDiagnostic(hasErrors ? .error : .warning, .limitExceeded, at: SourcePosition(),
                                          "\(dropped) more diagnostics not shown")]
    }
}
