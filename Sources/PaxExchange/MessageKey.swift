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
    public static let maxIdLength = 64

    /// The id of `agency`'s risk assessment of manifest `manifestId`: `AGENCY:RA:` and the
    /// manifest's id, shortened with a hash of the whole id when it would pass 64 characters.
    /// Deterministic, so a re-screening after a crash reuses the id.
    public static func assessmentId(by agency: String, answering manifestId: String) -> String {
        let prefix = agency + ":RA:"
        if prefix.utf8.count + manifestId.utf8.count <= maxIdLength { return prefix + manifestId }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in manifestId.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let hex = String(hash, radix: 16)
        let room = max(0, maxIdLength - prefix.utf8.count - hex.utf8.count - 1)
        let kept = String(decoding: manifestId.utf8.prefix(room), as: UTF8.self)
        return prefix + kept + "-" + hex
    }
}
