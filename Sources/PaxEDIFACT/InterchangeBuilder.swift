/// Builds a complete interchange with correct control counts and references: UNA, UNB, an
/// optional UNG, messages (UNH ... UNT), UNE, UNZ.
public struct InterchangeBuilder: Sendable {
    private var writer: SegmentWriter
    private let header: InterchangeHeader
    private let group: GroupHeader?
    private var messages = 0
    private var open: MessageHeader?
    private var segmentsInMessage = 0

    /// Starts an interchange (writes UNA, UNB and UNG when `group` is given).
    public init(header: InterchangeHeader, group: GroupHeader? = nil, characters: ServiceCharacters = .standard,
                segmentSuffix: [UInt8] = [0x0A]) throws(EDIFACTError) {
        writer = SegmentWriter(characters: characters, segmentSuffix: segmentSuffix)
        self.header = header
        self.group = group
        writer.writeServiceStringAdvice()
        try writer.write(header.segment)
        if let group { try writer.write(group.segment) }
    }

    /// Starts a message: writes UNH.
    public mutating func begin(_ message: MessageHeader) throws(EDIFACTError) {
        precondition(open == nil, "begin called inside a message")
        open = message
        segmentsInMessage = 1
        try writer.write(message.segment)
    }

    /// Writes one segment of the open message.
    public mutating func write(_ segment: Segment) throws(EDIFACTError) {
        segmentsInMessage += 1
        try writer.write(segment)
    }

    /// Ends the open message: writes UNT with its segment count.
    public mutating func end() throws(EDIFACTError) {
        guard let message = open else { preconditionFailure("end called outside a message") }
        try writer.write(Segment("UNT", [[String(segmentsInMessage + 1)], [message.reference]]))
        messages += 1
        open = nil
    }

    /// Takes the bytes written so far, so an interchange can be streamed message by message;
    /// `finish()` then returns only what follows.
    public mutating func take() -> [UInt8] {
        writer.take()
    }

    /// Ends the interchange (UNE, UNZ) and returns its bytes (those not taken yet).
    public mutating func finish() throws(EDIFACTError) -> [UInt8] {
        if let group {
            try writer.write(Segment("UNE", [[String(messages)], [group.reference]]))
            try writer.write(Segment("UNZ", [["1"], [header.controlReference]]))
        } else {
            try writer.write(Segment("UNZ", [[String(messages)], [header.controlReference]]))
        }
        return writer.take()
    }
}
