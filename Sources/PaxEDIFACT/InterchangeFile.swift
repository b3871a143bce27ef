#if canImport(Glibc)
import Glibc
private let readBytes = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let readBytes = Darwin.read
#endif

/// Everything read from one input: its messages, the interchanges they came in and the
/// diagnostics (warnings in lenient mode; envelope errors in strict mode).
public struct ReadResult: Sendable {
    public var messages: [EDIFACTMessage]
    public var interchanges: [InterchangeHeader]
    public var diagnostics: [EDIFACTDiagnostic]
    public var syntaxLevel: SyntaxLevel
    public var characters: ServiceCharacters

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// What a syntax check of one input found (see `InterchangeInput.check`): how much it holds
/// and every diagnostic, the error that stopped reading (if any) last.
public struct SyntaxCheck: Sendable {
    public var interchanges: Int
    public var messages: Int
    /// Segments read, service segments included (UNA not counted).
    public var segments: Int
    /// Messages by type (`PAXLST`: 3); at most 64 types are counted.
    public var messageTypes: [String: Int]
    public var diagnostics: [EDIFACTDiagnostic]

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Reading whole inputs: bytes in memory, or a file descriptor in fixed-size chunks.
public enum InterchangeInput {
    /// Reads all messages of `bytes`.
    public static func read(_ bytes: [UInt8], options: ReaderOptions = .lenient) throws(EDIFACTError) -> ReadResult {
        var reader = InterchangeReader(options: options)
        var messages: [EDIFACTMessage] = []
        try reader.feed(bytes) { messages.append($0) }
        try reader.finish()
        return ReadResult(messages: messages, interchanges: reader.interchanges, diagnostics: reader.diagnostics,
                          syntaxLevel: reader.syntaxLevel, characters: reader.characters)
    }

    /// Streams `fileDescriptor` through a reader in `chunkSize` pieces, handing over one
    /// message at a time: memory holds one chunk and one message, whatever the input's size.
    /// Returns the finished reader (its diagnostics and interchanges). Does not close the descriptor.
    public static func stream(fileDescriptor: Int32, options: ReaderOptions = .lenient, chunkSize: Int = 1 << 16,
                              deliver: (EDIFACTMessage) throws(EDIFACTError) -> Void) throws(EDIFACTError) -> InterchangeReader {
        var reader = InterchangeReader(options: options)
        try pump(fileDescriptor, into: &reader, chunkSize: chunkSize, deliver: deliver)
        return reader
    }

    /// Checks the interchange(s) read from `fileDescriptor` without keeping their data: every
    /// segment is lexed and every value checked against the syntax level and the limits, and
    /// the envelopes (UNB/UNZ, UNG/UNE, UNH/UNT) with their counts and references, in one
    /// pass in bounded memory (one chunk and one segment). Does not close the descriptor.
    public static func check(fileDescriptor: Int32, options: ReaderOptions = .lenient,
                             chunkSize: Int = 1 << 16) -> SyntaxCheck {
        var reader = InterchangeReader(options: options, keepsSegments: false)
        var types: [String: Int] = [:]
        var fatal: EDIFACTDiagnostic?
        do throws(EDIFACTError) {
            try pump(fileDescriptor, into: &reader, chunkSize: chunkSize) { message in
                if types.count < 64 || types[message.header.type] != nil { types[message.header.type, default: 0] += 1 }
            }
        } catch {
            fatal = error.diagnostic
        }
        return SyntaxCheck(interchanges: reader.interchangeCount, messages: reader.messageCount,
                           segments: reader.segmentCount, messageTypes: types,
                           diagnostics: reader.diagnostics + (fatal.map { [$0] } ?? []))
    }

    private static func pump(_ fileDescriptor: Int32, into reader: inout InterchangeReader, chunkSize: Int,
                             deliver: (EDIFACTMessage) throws(EDIFACTError) -> Void) throws(EDIFACTError) {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkSize, 64), alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let count = readBytes(fileDescriptor, chunk.baseAddress, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw EDIFACTError(EDIFACTDiagnostic(.error, .io, at: SourcePosition(), "read failed: errno \(errno)"))
            }
            if count == 0 { break }
            try reader.feed(UnsafeRawBufferPointer(rebasing: chunk[0..<count]), deliver: deliver)
        }
        try reader.finish()
    }

    /// Reads the file at `path` in chunks (see `stream`), collecting its messages.
    public static func read(path: String, options: ReaderOptions = .lenient) throws(EDIFACTError) -> ReadResult {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw EDIFACTError(EDIFACTDiagnostic(.error, .io, at: SourcePosition(), "cannot open \(path): errno \(errno)"))
        }
        defer { close(descriptor) }
        var messages: [EDIFACTMessage] = []
        let reader = try stream(fileDescriptor: descriptor, options: options) { messages.append($0) }
        return ReadResult(messages: messages, interchanges: reader.interchanges, diagnostics: reader.diagnostics,
                          syntaxLevel: reader.syntaxLevel, characters: reader.characters)
    }
}
