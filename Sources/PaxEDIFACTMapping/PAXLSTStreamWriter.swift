public import PaxEDIFACT
public import PaxMessages

/// Writes a PAXLST interchange one traveller at a time, so a list of any length is written in
/// bounded memory: at most one part (one UNH..UNT message, under the segment limit) is held
/// until it is known whether another part follows (its UNH says first `C`, last `F`).
///
/// `template` gives the header, flight, reporting party, totals and extensions (its travellers
/// are ignored); the totals must count the travellers that will be added, since every part
/// carries the flight's CNT. Bytes become ready as parts close: take them with `take()`.
/// `PAXLSTWriter.write(_:)` is this writer fed with a whole manifest.
public struct PAXLSTStreamWriter: Sendable {
    private let writer: PAXLSTWriter
    private var builder: InterchangeBuilder
    private let head: [Segment]
    private let tail: [Segment]
    private let reference: CalendarDate
    private let correlationId: String
    /// Segments left for travellers in one part.
    private let room: Int
    private var part: [Segment] = []
    private var travelersInPart = 0
    private var partsWritten = 0
    private var finished = false
    /// UNE and UNZ once finished (the builder hands them over at `finish`).
    private var pending: [UInt8] = []

    /// Starts the interchange (UNA, UNB, UNG) declaring `syntaxLevel`: a streamed list cannot
    /// look at every name first, so callers that do not know their text pass `.unoc` (UTF-8).
    public init(template: TravelerManifest, options: PAXLSTWriteOptions = PAXLSTWriteOptions(),
                syntaxLevel: SyntaxLevel = .unoc) throws(EDIFACTError) {
        writer = PAXLSTWriter(options: options)
        let header = template.header
        let created = PAXLSTDates.utcStamp(header.createdAt)
        let date = String(created.dropFirst(2).prefix(6)), time = String(created.dropFirst(8).prefix(4))
        let interchange = InterchangeHeader(syntax: syntaxLevel.rawValue, sender: PartyIdentification(id: header.sender),
                                            recipient: PartyIdentification(id: header.receiver), date: date, time: time,
                                            controlReference: String(created.dropFirst(2).prefix(12)),
                                            applicationReference: "APIS")
        let group = GroupHeader(messageGroup: "PAXLST", sender: PartyIdentification(id: header.sender),
                                recipient: PartyIdentification(id: header.receiver), date: date, time: time,
                                reference: "1", release: options.version.release)
        builder = try InterchangeBuilder(header: interchange, group: group, segmentSuffix: options.lineBreaks ? [0x0A] : [])
        head = writer.headSegments(template)
        tail = writer.countSegments(template)
        reference = PAXLSTDates.utcDate(header.createdAt)
        correlationId = header.correlationId ?? ""
        room = options.maxSegmentsPerMessage - head.count - tail.count - 2
    }

    /// Adds the next traveller; closes the current part first when the traveller does not fit.
    public mutating func add(_ traveler: Traveler) throws(EDIFACTError) {
        precondition(!finished, "add called after finish")
        let segments = writer.travelerSegments(traveler, reference: reference)
        if part.count + segments.count > room, travelersInPart > 0 {
            try closePart(last: false)
        }
        part += segments
        travelersInPart += 1
    }

    /// Closes the last part and the interchange (UNE, UNZ).
    public mutating func finish() throws(EDIFACTError) {
        guard !finished else { return }
        try closePart(last: true)
        finished = true
        pending += try builder.finish()
    }

    /// The bytes ready so far (call after `add` or `finish`), leaving none pending.
    public mutating func take() -> [UInt8] {
        var bytes = pending
        pending = []
        bytes += builder.take()
        return bytes
    }

    private mutating func closePart(last: Bool) throws(EDIFACTError) {
        let multiple = !(last && partsWritten == 0)
        let number = multiple ? PAXLSTDates.pad(partsWritten + 1) : ""
        let indicator = !multiple ? "" : partsWritten == 0 ? "C" : last ? "F" : ""
        try builder.begin(PaxEDIFACT.MessageHeader(
            reference: "PAX" + PAXLSTDates.pad(partsWritten + 1, 3), type: "PAXLST", release: writer.options.version.release,
            associationCode: "IATA", commonAccessReference: correlationId, partNumber: number, partIndicator: indicator))
        for segment in head { try builder.write(segment) }
        for segment in part { try builder.write(segment) }
        for segment in tail { try builder.write(segment) }
        try builder.end()
        part.removeAll(keepingCapacity: true)
        travelersInPart = 0
        partsWritten += 1
    }
}
