/// One problem found while reading or mapping an interchange, with its position.
public struct EDIFACTDiagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case warning, error
    }

    public var severity: Severity
    public var code: EDIFACTDiagnosticCode
    public var position: SourcePosition
    /// The segment tag the problem is in, e.g. `UNT`; empty when not in a segment.
    public var tag: String
    public var message: String

    public init(_ severity: Severity, _ code: EDIFACTDiagnosticCode, at position: SourcePosition, tag: String = "",
                _ message: String) {
        self.severity = severity
        self.code = code
        self.position = position
        self.tag = tag
        self.message = message
    }

    /// `3:1 segment 27 UNT element 1: error EDI-COUNT: ...`.
    public var description: String {
        var place = "\(position.line):\(position.column) segment \(position.segment)"
        if !tag.isEmpty { place += " " + tag }
        if let element = position.element { place += " element \(element)" + (position.component.map { ".\($0)" } ?? "") }
        return "\(place): \(severity.rawValue) \(code.rawValue): \(message)"
    }
}

/// Stable codes for EDIFACT diagnostics; `syntaxErrorCode` gives the CONTRL 0085 code.
public enum EDIFACTDiagnosticCode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Bytes around the EDIFACT that lenient reading removed (telex header, SOH/STX/ETX, BOM,
    /// leading spaces, trailing text).
    case envelopeNoise = "EDI-NOISE"
    /// Line breaks inside a segment (wrapped transmissions).
    case lineBreakInSegment = "EDI-WRAP"
    /// A character the declared syntax level does not allow.
    case invalidCharacter = "EDI-CHARSET"
    /// A UNA that cannot be used.
    case invalidServiceString = "EDI-UNA"
    /// The input ended inside a segment, or after a release character.
    case truncated = "EDI-TRUNCATED"
    /// A configured limit (segment size, element count, ...) was exceeded.
    case limitExceeded = "EDI-LIMIT"
    /// A segment tag that is not three letters or digits.
    case invalidTag = "EDI-TAG"
    /// A service segment out of place (UNH outside a group, UNZ missing, ...).
    case envelopeStructure = "EDI-STRUCTURE"
    /// A control count (UNT, UNE, UNZ) that does not match.
    case controlCount = "EDI-COUNT"
    /// A control reference in a trailer that does not match its header.
    case controlReference = "EDI-REFERENCE"
    /// A mandatory element or segment is missing.
    case missing = "EDI-MISSING"
    /// An element value is not valid.
    case invalidValue = "EDI-VALUE"
    /// A segment the mapping does not know or cannot place (kept, reported).
    case unmappedSegment = "EDI-UNMAPPED"
    /// Input could not be read.
    case io = "EDI-IO"

    /// The UN/EDIFACT syntax error code (data element 0085) a CONTRL reports for this problem.
    public var syntaxErrorCode: String {
        switch self {
        case .controlCount: "29"
        case .controlReference: "28"
        case .missing: "13"
        case .invalidValue: "12"
        case .invalidCharacter: "21"
        case .invalidTag: "2"
        case .envelopeStructure: "15"
        case .limitExceeded: "40"
        case .truncated, .envelopeNoise, .lineBreakInSegment, .invalidServiceString, .unmappedSegment, .io: "16"
        }
    }
}

/// Reading stopped: the first error that makes going on pointless (truncated input, a limit,
/// a character the syntax level forbids), with the warnings collected before it.
public struct EDIFACTError: Error, Sendable, CustomStringConvertible {
    public var diagnostic: EDIFACTDiagnostic
    public var description: String { diagnostic.description }

    public init(_ diagnostic: EDIFACTDiagnostic) { self.diagnostic = diagnostic }
}
