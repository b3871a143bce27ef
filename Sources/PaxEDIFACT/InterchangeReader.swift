/// Reads interchanges: lexes bytes (see `SegmentLexer`), checks the envelopes (UNB/UNZ,
/// optional UNG/UNE, UNH/UNT) with every control reference and count, and hands over one
/// message at a time, so memory holds one message, never the whole interchange.
///
/// Count and reference mismatches are errors in strict mode and warnings in lenient mode:
/// real gateways report them (CONTRL 29 and 28) and still read the list.
public struct InterchangeReader: Sendable {
    public let options: ReaderOptions
    /// Whether messages keep the segments between UNH and UNT; when false (a syntax check)
    /// they are counted and dropped, so memory holds one segment whatever the message size.
    public let keepsSegments: Bool
    private var lexer: SegmentLexer
    private var checks: [EDIFACTDiagnostic] = []
    private var interchange: InterchangeHeader?
    private var group: GroupHeader?
    private var message: MessageHeader? {
        didSet { inMessage = message != nil }
    }
    /// `message != nil`, kept apart so a data segment does not touch the header.
    private var inMessage = false
    private var body: [Segment] = []
    /// Segments between UNH and UNT of the open message (also when they are not kept).
    private var bodyCount = 0
    private var messagesInInterchange = 0
    private var groupsInInterchange = 0
    private var messagesInGroup = 0
    private var lastPosition = SourcePosition()
    /// Headers of the interchanges read so far (not kept when `keepsSegments` is false: a
    /// file of millions of tiny interchanges must not fill memory; see `interchangeCount`).
    public private(set) var interchanges: [InterchangeHeader] = []
    /// Interchanges (UNB) read so far.
    public private(set) var interchangeCount = 0
    /// Messages delivered so far.
    public private(set) var messageCount = 0
    /// Segments read so far (UNA not counted).
    public private(set) var segmentCount = 0

    /// Envelope diagnostics kept at most (a million bad trailers must not fill memory).
    static let maxReported = 10_000

    /// A reader; `keepsSegments: false` delivers messages without their body segments (see
    /// `keepsSegments`), for checking syntax and envelopes only.
    public init(options: ReaderOptions = .lenient, keepsSegments: Bool = true) {
        self.options = options
        self.keepsSegments = keepsSegments
        lexer = SegmentLexer(options: options, keepsValues: keepsSegments)
    }

    /// Everything reported so far, in input order.
    public var diagnostics: [EDIFACTDiagnostic] {
        (lexer.diagnostics + checks).sorted { ($0.position.segment, $0.position.line) < ($1.position.segment, $1.position.line) }
    }

    /// The syntax level and service characters in force.
    public var syntaxLevel: SyntaxLevel { lexer.syntaxLevel }
    public var characters: ServiceCharacters { lexer.characters }

    /// Reads `bytes`, calling `deliver` for every complete message.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer,
                              deliver: (EDIFACTMessage) throws(EDIFACTError) -> Void) throws(EDIFACTError) {
        var lexer = self.lexer
        self.lexer = SegmentLexer.placeholder  // one owner, so the segment buffer is never copied
        defer { self.lexer = lexer }
        try lexer.feed(bytes) { (segment) throws(EDIFACTError) in try self.accept(segment, deliver: deliver) }
    }

    /// Reads an array of bytes (see `feed(_:deliver:)`).
    public mutating func feed(_ bytes: [UInt8], deliver: (EDIFACTMessage) throws(EDIFACTError) -> Void) throws(EDIFACTError) {
        var failure: EDIFACTError?
        bytes.withUnsafeBytes { raw in
            do throws(EDIFACTError) { try feed(raw, deliver: deliver) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Ends the input: reports an interchange, group or message left open.
    public mutating func finish() throws(EDIFACTError) {
        try lexer.finish()
        if message != nil {
            try report(.envelopeStructure, at: lastPosition, tag: "UNT", "the input ends inside message \(message?.reference ?? ""): no UNT")
        }
        if group != nil {
            try report(.envelopeStructure, at: lastPosition, tag: "UNE", "the input ends inside a group: no UNE")
        }
        if interchange != nil {
            try report(.envelopeStructure, at: lastPosition, tag: "UNZ", "the input ends inside the interchange: no UNZ")
        }
    }

    // MARK: - Envelopes

    private mutating func accept(_ segment: Segment,
                                 deliver: (EDIFACTMessage) throws(EDIFACTError) -> Void) throws(EDIFACTError) {
        lastPosition = segment.position
        segmentCount += 1
        // Data segments (nearly all) skip the comparisons with the service tags.
        if segment.tag.utf8.first != UInt8(ascii: "U") {
            try acceptData(segment)
            return
        }
        switch segment.tag {
        case "UNB":
            if interchange != nil {
                try report(.envelopeStructure, at: segment.position, tag: "UNB", "UNB inside an interchange: the previous one has no UNZ")
            }
            let header = InterchangeHeader(segment)
            try requireValue(header.syntax, in: segment, element: 1, component: 1, "syntax identifier")
            try requireValue(header.controlReference, in: segment, element: 5, component: 1, "interchange control reference")
            interchange = header
            interchangeCount += 1
            if keepsSegments { interchanges.append(header) }
            messagesInInterchange = 0
            groupsInInterchange = 0
        case "UNG":
            guard interchange != nil else { throw outOfPlace(segment, "UNG before UNB") }
            if group != nil { try report(.envelopeStructure, at: segment.position, tag: "UNG", "UNG inside a group: the previous one has no UNE") }
            group = GroupHeader(segment)
            groupsInInterchange += 1
            messagesInGroup = 0
        case "UNE":
            guard let open = group else { throw outOfPlace(segment, "UNE without UNG") }
            try checkCount(segment, counted: messagesInGroup, what: "messages in the group")
            try checkReference(segment, expected: open.reference, header: "UNG")
            group = nil
        case "UNH":
            guard interchange != nil else { throw outOfPlace(segment, "UNH before UNB") }
            if message != nil { try report(.envelopeStructure, at: segment.position, tag: "UNH", "UNH inside a message: the previous one has no UNT") }
            let header = MessageHeader(segment)
            try requireValue(header.reference, in: segment, element: 1, component: 1, "message reference number")
            try requireValue(header.type, in: segment, element: 2, component: 1, "message type")
            message = header
            body.removeAll(keepingCapacity: true)
            bodyCount = 0
        case "UNT":
            guard let open = message, let interchange else { throw outOfPlace(segment, "UNT without UNH") }
            try checkCount(segment, counted: bodyCount + 2, what: "segments in the message (UNH and UNT included)")
            try checkReference(segment, expected: open.reference, header: "UNH")
            messagesInInterchange += 1
            messagesInGroup += 1
            messageCount += 1
            let delivered = EDIFACTMessage(interchange: interchange, group: group, header: open, segments: body, trailer: segment)
            message = nil
            body.removeAll(keepingCapacity: true)
            bodyCount = 0
            try deliver(delivered)
        case "UNZ":
            guard let open = interchange else { throw outOfPlace(segment, "UNZ without UNB") }
            if message != nil { try report(.envelopeStructure, at: segment.position, tag: "UNZ", "UNZ inside a message: no UNT") }
            if group != nil { try report(.envelopeStructure, at: segment.position, tag: "UNZ", "UNZ inside a group: no UNE") }
            let counted = groupsInInterchange > 0 ? groupsInInterchange : messagesInInterchange
            try checkCount(segment, counted: counted, what: groupsInInterchange > 0 ? "groups in the interchange" : "messages in the interchange")
            try checkReference(segment, expected: open.controlReference, header: "UNB")
            interchange = nil
            group = nil
            message = nil
        default:
            try acceptData(segment)
        }
    }

    /// A segment between UNH and UNT: counted, and kept when `keepsSegments`.
    private mutating func acceptData(_ segment: Segment) throws(EDIFACTError) {
        guard inMessage else {
            throw outOfPlace(segment, "segment \(segment.tag) outside a message (between UNH and UNT)")
        }
        guard bodyCount < options.maxSegmentsPerMessage else {
            throw EDIFACTError(EDIFACTDiagnostic(.error, .limitExceeded, at: segment.position, tag: segment.tag,
                                                 "more than \(options.maxSegmentsPerMessage) segments in one message"))
        }
        bodyCount += 1
        if keepsSegments { body.append(segment) }
    }

    private func outOfPlace(_ segment: Segment, _ message: String) -> EDIFACTError {
        EDIFACTError(EDIFACTDiagnostic(.error, .envelopeStructure, at: segment.position, tag: segment.tag, message))
    }

    private mutating func requireValue(_ value: String, in segment: Segment, element: Int, component: Int,
                                       _ name: String) throws(EDIFACTError) {
        guard value.isEmpty else { return }
        try report(.missing, at: segment.position(element: element, component: component), tag: segment.tag,
                   "\(name) is missing")
    }

    private mutating func checkCount(_ trailer: Segment, counted: Int, what: String) throws(EDIFACTError) {
        let written = trailer[1]
        guard let number = Int(written), number == counted else {
            try report(.controlCount, at: trailer.position(element: 1, component: 1), tag: trailer.tag,
                       "control count '\(written)' does not match the \(counted) \(what)")
            return
        }
    }

    private mutating func checkReference(_ trailer: Segment, expected: String, header: String) throws(EDIFACTError) {
        let written = trailer[2]
        guard written != expected else { return }
        try report(.controlReference, at: trailer.position(element: 2, component: 1), tag: trailer.tag,
                   "reference '\(written)' does not match \(header) reference '\(expected)'")
    }

    /// An envelope problem: an error in strict mode, a warning in lenient mode; reading goes on.
    private mutating func report(_ code: EDIFACTDiagnosticCode, at position: SourcePosition, tag: String,
                                 _ message: String) throws(EDIFACTError) {
        let severity: EDIFACTDiagnostic.Severity = options.mode == .strict ? .error : .warning
        guard checks.count < Self.maxReported else { return }
        checks.append(EDIFACTDiagnostic(severity, code, at: position, tag: tag, message))
    }
}
