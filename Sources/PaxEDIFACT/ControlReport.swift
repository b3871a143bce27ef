/// A CONTRL syntax and service report (UN/EDIFACT CONTRL D:3:UN): the answer to every
/// received interchange. UCI reports on the interchange, UCM on each message, UCS on a
/// segment (its position in the message, UNH = 1) and UCD on a data element.
///
/// Action codes (0083): 4 rejected, 7 acknowledged, 8 received. Error codes (0085): 12
/// invalid value, 13 missing, 28 references do not match, 29 control count does not match,
/// and the others `EDIFACTDiagnosticCode.syntaxErrorCode` gives. In lenient reading a count or
/// reference mismatch is acknowledged (7) with its error code, as gateways do; in strict
/// reading the message is rejected (4).
public struct ControlReport: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable {
        case rejected = "4"
        case acknowledged = "7"
        case received = "8"
    }

    /// An error in one data element (UCD): error code and element / component position.
    public struct ElementError: Sendable, Hashable {
        public var error: String
        public var element: Int
        public var component: Int?

        public init(error: String, element: Int, component: Int? = nil) {
            self.error = error
            self.element = element
            self.component = component
        }
    }

    /// An error in one segment (UCS), with its element errors.
    public struct SegmentError: Sendable, Hashable {
        /// Position of the segment in its message, UNH being 1.
        public var position: Int
        public var error: String?
        public var elements: [ElementError]

        public init(position: Int, error: String? = nil, elements: [ElementError] = []) {
            self.position = position
            self.error = error
            self.elements = elements
        }
    }

    /// The report on one message (UCM).
    public struct MessageResponse: Sendable, Hashable {
        public var reference: String
        public var type: String
        public var version: String
        public var release: String
        public var agency: String
        public var action: Action
        public var error: String?
        /// The service segment the message-level error is in (`UNT`), when there is one.
        public var serviceSegment: String?
        public var segments: [SegmentError]

        public init(reference: String, type: String, version: String = "D", release: String, agency: String = "UN",
                    action: Action, error: String? = nil, serviceSegment: String? = nil, segments: [SegmentError] = []) {
            self.reference = reference
            self.type = type
            self.version = version
            self.release = release
            self.agency = agency
            self.action = action
            self.error = error
            self.serviceSegment = serviceSegment
            self.segments = segments
        }
    }

    /// The interchange reported on (UCI): its control reference and parties as received.
    public var interchangeReference: String
    public var sender: PartyIdentification
    public var recipient: PartyIdentification
    public var action: Action
    public var error: String?
    public var serviceSegment: String?
    public var messages: [MessageResponse]

    public init(interchangeReference: String, sender: PartyIdentification, recipient: PartyIdentification,
                action: Action, error: String? = nil, serviceSegment: String? = nil, messages: [MessageResponse] = []) {
        self.interchangeReference = interchangeReference
        self.sender = sender
        self.recipient = recipient
        self.action = action
        self.error = error
        self.serviceSegment = serviceSegment
        self.messages = messages
    }

    // MARK: - From a reading

    /// The report for an interchange as read: every message with the diagnostics inside it.
    /// `failure` is the error that stopped reading, if any (the interchange is then rejected).
    public init(interchange: InterchangeHeader, messages: [EDIFACTMessage], diagnostics: [EDIFACTDiagnostic],
                failure: EDIFACTDiagnostic? = nil) {
        var responses: [MessageResponse] = []
        var claimed = Set<Int>()
        for message in messages {
            let first = message.header.position.segment
            let last = message.trailer?.position.segment ?? first + message.segments.count + 1
            let inside = diagnostics.enumerated().filter { first...last ~= $0.element.position.segment }
            claimed.formUnion(inside.map(\.offset))
            var response = MessageResponse(reference: message.header.reference, type: message.header.type,
                                           version: message.header.version, release: message.header.release,
                                           agency: message.header.agency, action: .acknowledged)
            var segments: [Int: SegmentError] = [:]
            for (_, diagnostic) in inside {
                let code = diagnostic.code.syntaxErrorCode
                if diagnostic.severity == .error { response.action = .rejected }
                if diagnostic.tag == "UNT" || diagnostic.tag == "UNH" {
                    response.error = response.error ?? code
                    response.serviceSegment = response.serviceSegment ?? diagnostic.tag
                    continue
                }
                let position = diagnostic.position.segment - first + 1
                var segment = segments[position] ?? SegmentError(position: position)
                if let element = diagnostic.position.element {
                    segment.elements.append(ElementError(error: code, element: element, component: diagnostic.position.component))
                } else {
                    segment.error = segment.error ?? code
                }
                segments[position] = segment
            }
            response.segments = segments.keys.sorted().compactMap { segments[$0] }
            responses.append(response)
        }
        let envelopeCodes: Set<EDIFACTDiagnosticCode> = [.controlCount, .controlReference, .envelopeStructure]
        var outside: [EDIFACTDiagnostic] = []
        for (offset, diagnostic) in diagnostics.enumerated() where !claimed.contains(offset) {
            if envelopeCodes.contains(diagnostic.code) || diagnostic.severity == .error { outside.append(diagnostic) }
        }
        let rejected = failure != nil || outside.contains { $0.severity == .error }
        let first = failure ?? outside.first
        self.init(interchangeReference: interchange.controlReference, sender: interchange.sender,
                  recipient: interchange.recipient, action: rejected ? .rejected : .acknowledged,
                  error: first?.code.syntaxErrorCode, serviceSegment: Self.tag(of: first),
                  messages: responses)
    }

    private static func tag(of diagnostic: EDIFACTDiagnostic?) -> String? {
        guard let tag = diagnostic?.tag, !tag.isEmpty else { return nil }
        return tag
    }

    // MARK: - Segments

    /// The CONTRL body segments (between UNH and UNT).
    public var segments: [Segment] {
        var result: [Segment] = []
        result.append(Segment("UCI", [[interchangeReference], [sender.id, sender.qualifier], [recipient.id, recipient.qualifier],
                                      [action.rawValue], [error ?? ""], [serviceSegment ?? ""]]).trimmed)
        for message in messages {
            result.append(Segment("UCM", [[message.reference], [message.type, message.version, message.release, message.agency],
                                          [message.action.rawValue], [message.error ?? ""], [message.serviceSegment ?? ""]]).trimmed)
            for segment in message.segments {
                result.append(Segment("UCS", [[String(segment.position)], [segment.error ?? ""]]).trimmed)
                for element in segment.elements {
                    result.append(Segment("UCD", [[element.error],
                                                  [String(element.element)] + (element.component.map { [String($0)] } ?? [])]))
                }
            }
        }
        return result
    }

    /// The report read back from a received CONTRL message; nil when it is not one.
    public init?(_ message: EDIFACTMessage) {
        guard message.header.type == "CONTRL", let uci = message.segments.first, uci.tag == "UCI",
              let action = Action(rawValue: uci[4]) else { return nil }
        self.init(interchangeReference: uci[1], sender: PartyIdentification(id: uci[2, 1], qualifier: uci[2, 2]),
                  recipient: PartyIdentification(id: uci[3, 1], qualifier: uci[3, 2]), action: action,
                  error: uci.value(5), serviceSegment: uci.value(6))
        for segment in message.segments.dropFirst() {
            switch segment.tag {
            case "UCM":
                guard let action = Action(rawValue: segment[3]) else { return nil }
                messages.append(MessageResponse(reference: segment[1], type: segment[2, 1], version: segment[2, 2],
                                                release: segment[2, 3], agency: segment[2, 4], action: action,
                                                error: segment.value(4), serviceSegment: segment.value(5)))
            case "UCS":
                guard !messages.isEmpty, let position = Int(segment[1]) else { return nil }
                messages[messages.count - 1].segments.append(SegmentError(position: position, error: segment.value(2)))
            case "UCD":
                guard var last = messages.last, !last.segments.isEmpty, let element = Int(segment[2, 1]) else { return nil }
                last.segments[last.segments.count - 1].elements.append(
                    ElementError(error: segment[1], element: element, component: Int(segment[2, 2])))
                messages[messages.count - 1] = last
            default:
                return nil
            }
        }
    }

    /// A complete CONTRL interchange answering the reported one: UNB from its recipient to its
    /// sender, UNH CONTRL:D:3:UN, the report, UNT, UNZ.
    public func interchange(reference: String, date: String, time: String,
                            characters: ServiceCharacters = .standard) throws(EDIFACTError) -> [UInt8] {
        var builder = try InterchangeBuilder(
            header: InterchangeHeader(syntax: "UNOA", sender: recipient, recipient: sender, date: date, time: time,
                                      controlReference: reference),
            characters: characters)
        try builder.begin(MessageHeader(reference: reference, type: "CONTRL", version: "D", release: "3", agency: "UN"))
        for segment in segments { try builder.write(segment) }
        try builder.end()
        return try builder.finish()
    }
}
