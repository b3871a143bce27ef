/// Turns bytes into segments, chunk by chunk, holding at most one segment in memory.
///
/// Finds the interchange start (`UNA` or `UNB`), takes the separators from UNA (or the
/// defaults), the syntax level from UNB, and splits segments with the release character
/// honoured. Lenient mode removes, with one warning per kind, what real transmissions carry
/// around and through the EDIFACT: text before the interchange (Type-B telex headers, a BOM,
/// SOH/STX), line breaks anywhere (including inside a tag, as 64-column wrapping does),
/// SOH/STX/ETX, spaces before a tag, and text after UNZ. Strict mode refuses all of them.
/// Line breaks between segments are accepted in both modes.
public struct SegmentLexer: Sendable {
    private enum State: Sendable {
        /// Before an interchange (or after one); `seen` holds the last bytes to spot UNA/UNB.
        case outside
        /// Reading the six service characters after `UNA`.
        case serviceString
        /// Inside an interchange.
        case segments
    }

    public let options: ReaderOptions
    public private(set) var characters = ServiceCharacters.standard
    public private(set) var syntaxLevel = SyntaxLevel.unob
    /// Warnings (and, in lenient mode, tolerated problems) so far; errors are thrown.
    public private(set) var diagnostics: [EDIFACTDiagnostic] = []

    private var state = State.outside
    private var interchanges = 0
    private var window: [UInt8] = []
    private var noise: [UInt8] = []
    private var noiseStart = SourcePosition()
    private var una: [UInt8] = []
    private var buffer: [UInt8] = []
    private var released = false
    /// Unreleased element separators in `buffer`, so a flood of empty elements stops early.
    private var separatorsInBuffer = 0
    private var segmentStart = SourcePosition()
    private var segmentNumber = 0
    private var line = 1
    private var column = 1
    private var reported: Set<String> = []
    private var reportedLowerCase = false
    /// Bytes copied without a look inside a segment (see `ordinaryBytes(for:)`).
    private var ordinary = SegmentLexer.standardOrdinaryBytes

    /// Whether segments other than service segments (UN*) keep their values. When false (a
    /// syntax check) every value is still checked, but segments come with their tag and
    /// position only, so no string is made for data the caller will not read.
    public let keepsValues: Bool

    public init(options: ReaderOptions = .lenient, keepsValues: Bool = true) {
        self.options = options
        self.keepsValues = keepsValues
        buffer.reserveCapacity(256)
    }

    /// An empty lexer, to stand in while the real one is borrowed.
    static let placeholder = SegmentLexer()

    /// Lexes `bytes`, calling `emit` for every complete segment.
    ///
    /// Inside a segment, runs of ordinary bytes (no separator, release, terminator, line break
    /// or control byte) are copied into the segment buffer in one step; everything else goes
    /// byte by byte through the state machine.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer,
                              emit: (Segment) throws(EDIFACTError) -> Void) throws(EDIFACTError) {
        let count = bytes.count
        var index = 0
        while index < count {
            if state == .segments, !released, !buffer.isEmpty {
                // Never past the segment limit: the byte that crosses it is reported below.
                let limit = min(count, index + max(1, options.maxSegmentBytes + 1 - buffer.count))
                var end = index
                ordinary.withUnsafeBufferPointer { table in
                    while end < limit, table[Int(bytes[end])] { end += 1 }
                }
                if end > index {
                    buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<end]))
                    column += end - index
                    index = end
                    if buffer.count > options.maxSegmentBytes {
                        throw fail(.limitExceeded, at: segmentStart, tag: currentTag,
                                   "segment longer than \(options.maxSegmentBytes) bytes (no terminator '\(Character(UnicodeScalar(characters.segmentTerminator)))' found)")
                    }
                    continue
                }
            }
            let byte = bytes[index]
            try step(byte, emit: emit)
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
    }

    /// Lexes an array of bytes (see `feed(_:emit:)`).
    public mutating func feed(_ bytes: [UInt8], emit: (Segment) throws(EDIFACTError) -> Void) throws(EDIFACTError) {
        var failure: EDIFACTError?
        bytes.withUnsafeBytes { raw in
            do throws(EDIFACTError) { try feed(raw, emit: emit) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Ends the input: reports a segment left open, an unterminated release, or no interchange.
    public mutating func finish() throws(EDIFACTError) {
        switch state {
        case .serviceString:
            throw fail(.truncated, at: here, "the input ends inside the UNA service string advice")
        case .segments:
            if released {
                throw fail(.truncated, at: segmentStart, tag: currentTag,
                           "the input ends after a release character: nothing follows the escape")
            }
            if buffer.contains(where: { !Self.isBlank($0) }) {
                throw fail(.truncated, at: segmentStart, tag: currentTag,
                           "the input ends inside segment \(currentTag.isEmpty ? "?" : currentTag): no segment terminator")
            }
        case .outside:
            if interchanges == 0 {
                throw fail(.envelopeStructure, at: SourcePosition(line: 1, column: 1),
                           "no interchange found: the input has no UNA or UNB segment")
            }
            try flushNoise(trailing: true, includingWindow: true)
        }
    }

    // MARK: - Bytes

    private var here: SourcePosition { SourcePosition(segment: segmentNumber, line: line, column: column) }

    private var currentTag: String { String(decoding: buffer.prefix(3), as: UTF8.self) }

    private mutating func step(_ byte: UInt8, emit: (Segment) throws(EDIFACTError) -> Void) throws(EDIFACTError) {
        switch state {
        case .outside:
            try seekStart(byte)
        case .serviceString:
            if byte == 0x0A || byte == 0x0D {
                try tolerate(.lineBreakInSegment, at: here, tag: "UNA", "line break inside the UNA service string advice")
                return
            }
            una.append(byte)
            if una.count == 6 {
                guard let declared = ServiceCharacters(una: una) else {
                    throw fail(.invalidServiceString, at: segmentStart, tag: "UNA",
                               "UNA declares unusable service characters '\(String(decoding: una, as: UTF8.self))' (separators must differ and not be letters, digits or line breaks)")
                }
                use(declared)
                state = .segments
            }
        case .segments:
            try inSegment(byte, emit: emit)
        }
    }

    private mutating func seekStart(_ byte: UInt8) throws(EDIFACTError) {
        if window.isEmpty { noiseStart = here }
        window.append(byte)
        if window.count > 3 {
            noise.append(window.removeFirst())
            if noise.count > options.maxNoiseBytes {
                throw fail(.limitExceeded, at: noiseStart,
                           "more than \(options.maxNoiseBytes) bytes without an interchange (no UNA or UNB found)")
            }
        }
        guard window.count == 3, window[0] == UInt8(ascii: "U"), window[1] == UInt8(ascii: "N"),
              window[2] == UInt8(ascii: "A") || window[2] == UInt8(ascii: "B") else { return }
        try flushNoise(trailing: interchanges > 0, includingWindow: false)  // the window is the next UNA/UNB
        interchanges += 1
        segmentStart = SourcePosition(segment: segmentNumber + 1, line: line, column: column - 2)
        if window[2] == UInt8(ascii: "A") {
            use(.standard)
            una.removeAll()
            state = .serviceString
        } else {
            use(.standard)
            buffer = Array("UNB".utf8)
            state = .segments
        }
        window.removeAll()
    }

    /// Reports the bytes skipped outside an interchange: blank lines are fine, anything else is
    /// noise (lenient: a warning; strict: an error).
    private mutating func flushNoise(trailing: Bool, includingWindow: Bool) throws(EDIFACTError) {
        let skipped = noise + (includingWindow ? window : [])
        noise.removeAll()
        guard let first = skipped.firstIndex(where: { !Self.isBlank($0) }) else { return }
        let sample = skipped[first...].prefix(40).map { $0 >= 0x20 && $0 < 0x7F ? Character(UnicodeScalar($0)) : "·" }
        let what = trailing ? "text after the interchange" : "text before the interchange"
        try tolerate(.envelopeNoise, at: noiseStart, key: what, "\(what) removed (\(skipped.count) bytes, starting '\(String(sample))')")
    }

    private mutating func inSegment(_ byte: UInt8, emit: (Segment) throws(EDIFACTError) -> Void) throws(EDIFACTError) {
        if byte == 0x0A || byte == 0x0D {
            if buffer.isEmpty && !released { return }
            try tolerate(.lineBreakInSegment, at: SourcePosition(segment: segmentNumber + 1, line: line, column: column), tag: currentTag,
                         "line break inside a segment removed (wrapped transmission)")
            return
        }
        if byte == 0x01 || byte == 0x02 || byte == 0x03 || byte == 0x0C {
            try tolerate(.envelopeNoise, at: here, tag: currentTag, key: "control",
                         "control character 0x0\(byte) (SOH/STX/ETX/FF) removed")
            return
        }
        if buffer.isEmpty {
            if byte == UInt8(ascii: " ") || byte == 0x09 {
                try tolerate(.envelopeNoise, at: here, key: "blank", "blank before a segment tag removed")
                return
            }
            segmentStart = SourcePosition(segment: segmentNumber + 1, line: line, column: column)
        }
        if released {
            released = false
            buffer.append(byte)
        } else if byte == characters.releaseCharacter {
            released = true
            buffer.append(byte)
        } else if byte == characters.segmentTerminator {
            segmentNumber += 1
            let segment = try split()
            buffer.removeAll(keepingCapacity: buffer.capacity <= 4096)
            separatorsInBuffer = 0
            if segment.tag == "UNB" { adoptSyntaxLevel(from: segment) }
            try emit(segment)
            if segment.tag == "UNZ" {
                state = .outside
                noiseStart = here
            }
            return
        } else {
            if byte == characters.elementSeparator {
                separatorsInBuffer += 1
                if separatorsInBuffer > options.maxElementsPerSegment {
                    throw fail(.limitExceeded, at: segmentStart, tag: currentTag,
                               "more than \(options.maxElementsPerSegment) elements in one segment")
                }
            }
            buffer.append(byte)
        }
        if buffer.count > options.maxSegmentBytes {
            throw fail(.limitExceeded, at: segmentStart, tag: currentTag,
                       "segment longer than \(options.maxSegmentBytes) bytes (no terminator '\(Character(UnicodeScalar(characters.segmentTerminator)))' found)")
        }
    }

    private mutating func adoptSyntaxLevel(from unb: Segment) {
        if let level = SyntaxLevel(rawValue: unb[1, 1]) { syntaxLevel = level }
    }

    // MARK: - Splitting

    /// Splits the buffered segment into tag, elements and components, release characters
    /// removed. A value without a release character becomes a string straight from the buffer.
    private mutating func split() throws(EDIFACTError) -> Segment {
        let position = segmentStart
        let bytes = buffer  // shares the storage: the buffer is not changed while splitting
        let end = bytes.count
        let elementSeparator = characters.elementSeparator
        let componentSeparator = characters.componentSeparator
        let release = characters.releaseCharacter.map(Int.init) ?? -1
        var tagEnd = 0
        while tagEnd < end, bytes[tagEnd] != elementSeparator, bytes[tagEnd] != componentSeparator { tagEnd += 1 }
        guard tagEnd == 3, Self.isTagByte(bytes[0]), Self.isTagByte(bytes[1]), Self.isTagByte(bytes[2]) else {
            let shown = String(decoding: bytes[0..<tagEnd].prefix(20), as: UTF8.self)
            throw fail(.invalidTag, at: position, "'\(shown)' is not a segment tag (three upper-case letters or digits)")
        }
        let tag = String(decoding: bytes[0..<3], as: UTF8.self)
        // A composite tag (`UNH:...`) is not used in the directories we read; treat the first
        // separator after the tag as the start of element 1.
        guard tagEnd < end else { return Segment(tag, [], position: position) }
        // The level is declared inside UNB itself, so service headers are read as UNOB.
        let header = bytes[0] == UInt8(ascii: "U") && bytes[1] == UInt8(ascii: "N")
            && (bytes[2] == UInt8(ascii: "B") || bytes[2] == UInt8(ascii: "A"))
        let level = header ? SyntaxLevel.unob : syntaxLevel
        // Service segments (UN*) always keep their values: the envelopes are checked with them.
        let keep = keepsValues || (bytes[0] == UInt8(ascii: "U") && bytes[1] == UInt8(ascii: "N"))
        var elements: [[String]] = []
        if keep { elements.reserveCapacity(separatorsInBuffer + 1) }
        var components: [String] = []
        var elementCount = 0
        var componentCount = 0
        var index = tagEnd + 1
        var start = index
        var escaped = false
        while true {
            let atEnd = index >= end
            let byte = atEnd ? elementSeparator : bytes[index]
            if !atEnd, Int(byte) == release {
                escaped = true
                index += 2
                continue
            }
            guard atEnd || byte == componentSeparator || byte == elementSeparator else {
                index += 1
                continue
            }
            let value = escaped ? Self.unescaped(bytes[start..<min(index, end)], release: release) : bytes[start..<min(index, end)]
            let at = position.at(element: elementCount + 1, component: componentCount + 1)
            let text = try decode(value, level: level, at: at, tag: tag, keep: keep)
            if keep { components.append(text) }
            componentCount += 1
            if componentCount > options.maxComponentsPerElement {
                throw fail(.limitExceeded, at: position.at(element: elementCount + 1), tag: tag,
                           "more than \(options.maxComponentsPerElement) components in one element")
            }
            if byte == elementSeparator {
                if keep {
                    elements.append(components)
                    components = []
                }
                elementCount += 1
                componentCount = 0
                if elementCount > options.maxElementsPerSegment {
                    throw fail(.limitExceeded, at: position, tag: tag,
                               "more than \(options.maxElementsPerSegment) elements in one segment")
                }
            }
            if atEnd { break }
            index += 1
            start = index
            escaped = false
        }
        return Segment(tag, elements, position: position)
    }

    /// `value` without its release characters (each releases the byte after it).
    private static func unescaped(_ value: ArraySlice<UInt8>, release: Int) -> ArraySlice<UInt8> {
        var result: [UInt8] = []
        result.reserveCapacity(value.count)
        var escaped = false
        for byte in value {
            if !escaped, Int(byte) == release {
                escaped = true
            } else {
                escaped = false
                result.append(byte)
            }
        }
        return result[...]
    }

    private static func isTagByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// Checks one value against the syntax level and makes it a string: plain ASCII the level
    /// allows (nearly every value) is decoded at once; anything else is checked byte by byte.
    /// With `keep` false the value is only checked, and an empty string returned.
    private mutating func decode(_ bytes: ArraySlice<UInt8>, level: SyntaxLevel, at position: SourcePosition,
                                 tag: String, keep: Bool) throws(EDIFACTError) -> String {
        let plain = level.plainASCII
        var clean = true
        for byte in bytes where !plain[Int(byte)] {
            clean = false
            break
        }
        if clean { return keep ? String(decoding: bytes, as: UTF8.self) : "" }
        var ascii = true
        for byte in bytes where !level.allows(byte) || byte >= 0x80 {
            if byte >= 0x80 {
                ascii = false
                if level.allows(byte) { continue }
            }
            let printable = byte >= 0x20 && byte < 0x7F
            if printable && options.mode == .lenient {
                if !reportedLowerCase {
                    reportedLowerCase = true
                    diagnostics.append(EDIFACTDiagnostic(.warning, .invalidCharacter, at: position, tag: tag,
                                                         "'\(Character(UnicodeScalar(byte)))' is not in the \(level.rawValue) character set (accepted; reported once)"))
                }
                continue
            }
            throw fail(.invalidCharacter, at: position, tag: tag,
                       "byte 0x\(String(byte, radix: 16, uppercase: true)) is not allowed by syntax level \(level.rawValue)")
        }
        if ascii { return keep ? String(decoding: bytes, as: UTF8.self) : "" }
        if let text = String(validating: bytes, as: UTF8.self) { return keep ? text : "" }
        if level == .unow || level == .unoy {
            throw fail(.invalidCharacter, at: position, tag: tag, "value is not valid UTF-8 under \(level.rawValue)")
        }
        guard keep else { return "" }
        return String(bytes.map { Character(UnicodeScalar($0)) })  // ISO 8859-1
    }

    // MARK: - Byte classes

    /// Whether a byte can be copied into a segment without a look: not a separator, release,
    /// terminator, line break or control byte the lexer acts on.
    private static func ordinaryBytes(for characters: ServiceCharacters) -> [Bool] {
        var table = [Bool](repeating: true, count: 256)
        for byte: UInt8 in [0x0A, 0x0D, 0x01, 0x02, 0x03, 0x0C, characters.segmentTerminator, characters.elementSeparator] {
            table[Int(byte)] = false
        }
        if let release = characters.releaseCharacter { table[Int(release)] = false }
        return table
    }

    private static let standardOrdinaryBytes = ordinaryBytes(for: .standard)

    private mutating func use(_ declared: ServiceCharacters) {
        characters = declared
        ordinary = declared == .standard ? Self.standardOrdinaryBytes : Self.ordinaryBytes(for: declared)
    }

    // MARK: - Diagnostics

    /// A deviation lenient mode removes (one warning per kind) and strict mode refuses.
    private mutating func tolerate(_ code: EDIFACTDiagnosticCode, at position: SourcePosition, tag: String = "",
                                   key: String = "", _ message: String) throws(EDIFACTError) {
        if options.mode == .strict { throw fail(code, at: position, tag: tag, message + " (strict mode)") }
        if reported.insert(code.rawValue + key).inserted {
            diagnostics.append(EDIFACTDiagnostic(.warning, code, at: position, tag: tag, message + " (reported once)"))
        }
    }

    private func fail(_ code: EDIFACTDiagnosticCode, at position: SourcePosition, tag: String = "",
                      _ message: String) -> EDIFACTError {
        EDIFACTError(EDIFACTDiagnostic(.error, code, at: position, tag: tag, message))
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C
    }
}
