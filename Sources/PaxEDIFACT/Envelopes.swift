/// A party in UNB or UNG: its identification and the code qualifier that says whose code it is.
public struct PartyIdentification: Sendable, Hashable {
    public var id: String
    public var qualifier: String

    public init(id: String, qualifier: String = "") {
        self.id = id
        self.qualifier = qualifier
    }
}

/// The interchange header (UNB): who sends to whom, when, under which reference.
public struct InterchangeHeader: Sendable, Hashable {
    /// Syntax identifier (UNOA, UNOB, UNOC, ...) and version (`4`).
    public var syntax: String
    public var syntaxVersion: String
    public var sender: PartyIdentification
    public var recipient: PartyIdentification
    /// Date `YYMMDD` and time `HHMM` of preparation, as written.
    public var date: String
    public var time: String
    /// Interchange control reference (0020), repeated in UNZ.
    public var controlReference: String
    /// Application reference (0026), e.g. `APIS`.
    public var applicationReference: String
    public var position: SourcePosition

    public init(syntax: String = "UNOA", syntaxVersion: String = "4", sender: PartyIdentification,
                recipient: PartyIdentification, date: String, time: String, controlReference: String,
                applicationReference: String = "", position: SourcePosition = SourcePosition()) {
        self.syntax = syntax
        self.syntaxVersion = syntaxVersion
        self.sender = sender
        self.recipient = recipient
        self.date = date
        self.time = time
        self.controlReference = controlReference
        self.applicationReference = applicationReference
        self.position = position
    }

    init(_ unb: Segment) {
        self.init(syntax: unb[1, 1], syntaxVersion: unb[1, 2],
                  sender: PartyIdentification(id: unb[2, 1], qualifier: unb[2, 2]),
                  recipient: PartyIdentification(id: unb[3, 1], qualifier: unb[3, 2]),
                  date: unb[4, 1], time: unb[4, 2], controlReference: unb[5, 1], applicationReference: unb[7, 1],
                  position: unb.position)
    }

    /// The UNB segment for this header.
    public var segment: Segment {
        Segment("UNB", [[syntax, syntaxVersion], [sender.id, sender.qualifier], [recipient.id, recipient.qualifier],
                        [date, time], [controlReference], [""], [applicationReference]]).trimmed
    }
}

/// A functional group header (UNG), used by most PAXLST senders.
public struct GroupHeader: Sendable, Hashable {
    /// Message group identification, e.g. `PAXLST`.
    public var messageGroup: String
    public var sender: PartyIdentification
    public var recipient: PartyIdentification
    public var date: String
    public var time: String
    /// Group reference number (0048), repeated in UNE.
    public var reference: String
    public var agency: String
    /// Message version and release, e.g. `D` and `05B`.
    public var version: String
    public var release: String
    public var position: SourcePosition

    public init(messageGroup: String, sender: PartyIdentification, recipient: PartyIdentification, date: String,
                time: String, reference: String, agency: String = "UN", version: String = "D", release: String,
                position: SourcePosition = SourcePosition()) {
        self.messageGroup = messageGroup
        self.sender = sender
        self.recipient = recipient
        self.date = date
        self.time = time
        self.reference = reference
        self.agency = agency
        self.version = version
        self.release = release
        self.position = position
    }

    init(_ ung: Segment) {
        self.init(messageGroup: ung[1], sender: PartyIdentification(id: ung[2, 1], qualifier: ung[2, 2]),
                  recipient: PartyIdentification(id: ung[3, 1], qualifier: ung[3, 2]), date: ung[4, 1], time: ung[4, 2],
                  reference: ung[5], agency: ung[6], version: ung[7, 1], release: ung[7, 2], position: ung.position)
    }

    public var segment: Segment {
        Segment("UNG", [[messageGroup], [sender.id, sender.qualifier], [recipient.id, recipient.qualifier],
                        [date, time], [reference], [agency], [version, release]]).trimmed
    }
}

/// The message header (UNH): reference, type and version, and the part of a multi-part list.
public struct MessageHeader: Sendable, Hashable {
    /// Message reference number (0062), repeated in UNT.
    public var reference: String
    /// Message type (`PAXLST`), version (`D`), release (`05B`), agency (`UN`), association code (`IATA`).
    public var type: String
    public var version: String
    public var release: String
    public var agency: String
    public var associationCode: String
    /// Common access reference (0068).
    public var commonAccessReference: String
    /// Sequence of transfers (0070): the part number of a multi-part list; empty when not split.
    public var partNumber: String
    /// First and last transfer (0073): `C` first, `F` last.
    public var partIndicator: String
    public var position: SourcePosition

    public init(reference: String, type: String, version: String = "D", release: String, agency: String = "UN",
                associationCode: String = "", commonAccessReference: String = "", partNumber: String = "",
                partIndicator: String = "", position: SourcePosition = SourcePosition()) {
        self.reference = reference
        self.type = type
        self.version = version
        self.release = release
        self.agency = agency
        self.associationCode = associationCode
        self.commonAccessReference = commonAccessReference
        self.partNumber = partNumber
        self.partIndicator = partIndicator
        self.position = position
    }

    init(_ unh: Segment) {
        self.init(reference: unh[1], type: unh[2, 1], version: unh[2, 2], release: unh[2, 3], agency: unh[2, 4],
                  associationCode: unh[2, 5], commonAccessReference: unh[3], partNumber: unh[4, 1],
                  partIndicator: unh[4, 2], position: unh.position)
    }

    public var segment: Segment {
        Segment("UNH", [[reference], [type, version, release, agency, associationCode], [commonAccessReference],
                        [partNumber, partIndicator]]).trimmed
    }
}

/// One message (UNH to UNT) with the envelopes around it. `segments` are the ones between
/// UNH and UNT.
public struct EDIFACTMessage: Sendable, Hashable {
    public var interchange: InterchangeHeader
    public var group: GroupHeader?
    public var header: MessageHeader
    public var segments: [Segment]
    /// The UNT segment as received (its count may be wrong: see the reader's diagnostics).
    public var trailer: Segment?

    public init(interchange: InterchangeHeader, group: GroupHeader? = nil, header: MessageHeader, segments: [Segment],
                trailer: Segment? = nil) {
        self.interchange = interchange
        self.group = group
        self.header = header
        self.segments = segments
        self.trailer = trailer
    }
}
