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

    public init(options: ReaderOptions = .lenient) {
        self.options = options
        buffer.reserveCapacity(256)
    }

    /// Lexes `bytes`, calling `emit` for every complete segment.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer,
                              emit: (Segment) throws(EDIFACTError) -> Void) throws(EDIFACTError) {
        for byte in bytes {
            try step(byte, emit: emit)
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
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
                characters = declared
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
            characters = .standard
            una.removeAll()
            state = .serviceString
        } else {
            characters = .standard
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

    private mutating func split() throws(EDIFACTError) -> Segment {
        let position = segmentStart
        var tagEnd = 0
        while tagEnd < buffer.count, buffer[tagEnd] != characters.elementSeparator,
              buffer[tagEnd] != characters.componentSeparator { tagEnd += 1 }
        let tagBytes = buffer[0..<tagEnd]
        guard tagBytes.count == 3,
              tagBytes.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }) else {
            let shown = String(decoding: tagBytes.prefix(20), as: UTF8.self)
            throw fail(.invalidTag, at: position, "'\(shown)' is not a segment tag (three upper-case letters or digits)")
        }
        let tag = String(decoding: tagBytes, as: UTF8.self)
        var elements: [[String]] = []
        var components: [String] = []
        var current: [UInt8] = []
        var index = tagEnd
        // A composite tag (`UNH:...`) is not used in the directories we read; treat the first
        // separator after the tag as the start of element 1.
        if index < buffer.count { index += 1 }
        guard index < buffer.count || tagEnd < buffer.count else { return Segment(tag, [], position: position) }
        var escaped = false
        func finishComponent(_ lexer: inout SegmentLexer) throws(EDIFACTError) {
            components.append(try lexer.decode(current, at: position.at(element: elements.count + 1, component: components.count + 1), tag: tag))
            current.removeAll(keepingCapacity: true)
            if components.count > lexer.options.maxComponentsPerElement {
                throw lexer.fail(.limitExceeded, at: position.at(element: elements.count + 1), tag: tag,
                                 "more than \(lexer.options.maxComponentsPerElement) components in one element")
            }
        }
        while index < buffer.count {
            let byte = buffer[index]
            index += 1
            if escaped {
                escaped = false
                current.append(byte)
            } else if byte == characters.releaseCharacter {
                escaped = true
            } else if byte == characters.componentSeparator {
                try finishComponent(&self)
            } else if byte == characters.elementSeparator {
                try finishComponent(&self)
                elements.append(components)
                components.removeAll(keepingCapacity: true)
                if elements.count > options.maxElementsPerSegment {
                    throw fail(.limitExceeded, at: position, tag: tag,
                               "more than \(options.maxElementsPerSegment) elements in one segment")
                }
            } else {
                current.append(byte)
            }
        }
        try finishComponent(&self)
        elements.append(components)
        return Segment(tag, elements, position: position)
    }

    /// Checks one value against the syntax level and makes it a string.
    private mutating func decode(_ bytes: [UInt8], at position: SourcePosition, tag: String) throws(EDIFACTError) -> String {
        var level = syntaxLevel
        if tag == "UNB" || tag == "UNA" { level = .unob }  // the level is declared inside UNB itself
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
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if level == .unow || level == .unoy {
            throw fail(.invalidCharacter, at: position, tag: tag, "value is not valid UTF-8 under \(level.rawValue)")
        }
        return String(bytes.map { Character(UnicodeScalar($0)) })  // ISO 8859-1
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
