internal import PaxMessages

/// A message's identity: the agency that sent it and the id that agency gave it.
///
/// An id alone is not an identity: two agencies can pick the same id (by accident, or a peer
/// on purpose, to shadow another agency's message). Every store key, the inbox, dedup and the
/// assistance index use the pair, so a message from one sender can never be taken for, or
/// replace a record of, another sender's message.
public struct MessageKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var sender: String
    public var messageId: String

    public init(sender: String, messageId: String) {
        self.sender = sender
        self.messageId = messageId
    }

    public static func < (a: MessageKey, b: MessageKey) -> Bool {
        (a.sender, a.messageId) < (b.sender, b.messageId)
    }

    public var description: String { messageId + " from " + sender }
}

/// Every message id lives in its sender's namespace: it starts with the sender's agency id
/// and a colon (`US-CBP:ACK:…`, `SV-DGME:MAN:…`). A receiver refuses ids outside the
/// sender's namespace (`foreign-id`), so no peer can send under another agency's ids.
public enum MessageNamespace {
    /// True when `messageId` is in `agency`'s namespace (`AGENCY:` and at least one more character).
    public static func contains(_ messageId: String, of agency: String) -> Bool {
        let id = messageId.utf8, prefix = agency.utf8
        return !prefix.isEmpty && id.count > prefix.count + 1 && id.starts(with: prefix)
            && id.dropFirst(prefix.count).first == UInt8(ascii: ":")
    }

    /// The agency whose namespace `messageId` claims (the text before its first colon), if any.
    public static func owner(of messageId: String) -> String? {
        guard let colon = messageId.utf8.firstIndex(of: UInt8(ascii: ":")), colon != messageId.utf8.startIndex else { return nil }
        return String(messageId[..<colon])
    }

    /// Longest message id the schemas allow.
    public static let maxIdLength = AssessmentId.maxLength

    /// The id of `agency`'s risk assessment of manifest `manifestId` (see `AssessmentId`).
    public static func assessmentId(by agency: String, answering manifestId: String) -> String {
        AssessmentId.of(assessor: agency, answering: manifestId)
    }
}
