import Foundation
import PaxMessages

/// The byte framing of a `SignedMessage` on the simulated link (and in traces): a magic line,
/// header lines `Name: value` with the `Pax-*` names of `SignedMessage.headerFields`, a blank
/// line, then exactly `Pax-Payload-Length` payload bytes. Lines end in `\n`.
///
/// Decoding is strict: every field exactly once, printable ASCII only, no extra bytes. A frame
/// that fails any of that is `malformed-frame`; nothing in it is trusted.
public enum WireFrame {
    public static let magic = "PAXSIM-FRAME/1"
    /// Longest header section accepted (the fields are short; this bounds hostile input).
    public static let maxHeaderBytes = 4096
    public static let maxPayloadBytes = 64 << 20

    public static func encode(_ message: SignedMessage) -> [UInt8] {
        var text = magic + "\n"
        for (name, value) in message.headerFields { text += name + ": " + value + "\n" }
        text += "\n"
        var bytes = Array(text.utf8)
        bytes += message.payload
        return bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(FrameError) -> SignedMessage {
        let limit = min(bytes.count, maxHeaderBytes)
        var lines: [String] = []
        var start = 0
        var bodyStart: Int? = nil
        var index = 0
        while index < limit {
            let byte = bytes[index]
            if byte == 0x0A {
                if index == start { bodyStart = index + 1; break }
                lines.append(String(decoding: bytes[start..<index], as: UTF8.self))
                start = index + 1
            } else if byte < 0x20 || byte > 0x7E {
                throw FrameError("byte \(byte) at offset \(index) in the header section")
            }
            index += 1
        }
        guard let bodyStart else { throw FrameError("no blank line ends the header section") }
        guard lines.first == magic else { throw FrameError("frame does not start with \(magic)") }
        var fields: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw FrameError("header line without a colon") }
            let value = line[line.index(after: colon)...]
            guard value.first == " " else { throw FrameError("header value must follow ': '") }
            fields.append((String(line[..<colon]), String(value.dropFirst())))
        }
        let payload = Array(bytes[bodyStart...])
        return try SignedMessage(headerFields: fields, payload: payload)
    }
}

/// Why bytes are not a well-formed frame or header set.
public struct FrameError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension SignedMessage {
    /// Header field names, shared by the frame and the HTTP mapping.
    public enum Field {
        public static let messageId = "Pax-Message-Id"
        public static let correlationId = "Pax-Correlation-Id"
        public static let sender = "Pax-Sender"
        public static let receiver = "Pax-Receiver"
        public static let createdAt = "Pax-Created-At"
        public static let schemaVersion = "Pax-Schema-Version"
        public static let payloadDigest = "Pax-Payload-Digest"
        public static let signature = "Pax-Signature"
        public static let payloadLength = "Pax-Payload-Length"
        public static let all = [messageId, correlationId, sender, receiver, createdAt, schemaVersion, payloadDigest,
                                 signature, payloadLength]

        /// The envelope field `name` stands for (names compared without ASCII case, as HTTP
        /// does), or nil for any other name. Byte comparison, no Unicode folding: this runs for
        /// every header of every request.
        public static func named(_ name: String) -> String? {
            all.first { equalIgnoringASCIICase($0, name) }
        }

        /// True when `a` and `b` are the same bytes but for the case of ASCII letters.
        public static func equalIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
            var left = a.utf8.makeIterator(), right = b.utf8.makeIterator()
            while true {
                switch (left.next(), right.next()) {
                case (nil, nil): return true
                case (let x?, let y?):
                    if x != y && lowered(x) != lowered(y) { return false }
                default: return false
                }
            }
        }

        private static func lowered(_ byte: UInt8) -> UInt8 {
            (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
        }
    }

    /// The envelope as header fields, in a fixed order; for HTTP the payload is the body
    /// (the signature is base64).
    public var headerFields: [(String, String)] {
        [(Field.messageId, messageId), (Field.correlationId, correlationId), (Field.sender, sender),
         (Field.receiver, receiver), (Field.createdAt, ExchangeTimeText.format(createdAt)),
         (Field.schemaVersion, schemaVersion), (Field.payloadDigest, payloadDigest),
         (Field.signature, Data(signature).base64EncodedString()), (Field.payloadLength, String(payload.count))]
    }

    /// Rebuilds a message from header fields (names case-insensitive, each exactly once,
    /// unknown names refused) and the payload bytes. Throws on anything malformed.
    public init(headerFields: [(String, String)], payload: [UInt8]) throws(FrameError) {
        var values: [String: String] = [:]
        for (name, value) in headerFields {
            guard let known = Field.named(name) else {
                throw FrameError("unknown header field '\(name.prefix(40))'")
            }
            guard values[known] == nil else { throw FrameError("header field \(known) repeated") }
            guard value.utf8.count <= 256, value.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else {
                throw FrameError("header field \(known) has an unprintable or over-long value")
            }
            values[known] = value
        }
        func required(_ name: String) throws(FrameError) -> String {
            guard let value = values[name] else { throw FrameError("header field \(name) missing") }
            return value
        }
        let created = try required(Field.createdAt)
        guard let createdAt = ExchangeTimeText.parse(created) else { throw FrameError("\(Field.createdAt) is not a UTC timestamp") }
        guard let signature = Data(base64Encoded: try required(Field.signature)), signature.count == 64 else {
            throw FrameError("\(Field.signature) is not a 64-byte base64 signature")
        }
        guard let length = Int(try required(Field.payloadLength)), length == payload.count,
              length <= WireFrame.maxPayloadBytes else {
            throw FrameError("\(Field.payloadLength) does not match the \(payload.count) payload bytes")
        }
        let digest = try required(Field.payloadDigest)
        guard digest.utf8.count == 64, digest.utf8.allSatisfy(Hex.isDigit) else {
            throw FrameError("\(Field.payloadDigest) is not 64 lower-case hex digits")
        }
        let messageId = try required(Field.messageId), sender = try required(Field.sender)
        let receiver = try required(Field.receiver)
        guard !messageId.isEmpty, !sender.isEmpty, !receiver.isEmpty else { throw FrameError("empty id, sender or receiver") }
        self.init(messageId: messageId, correlationId: try required(Field.correlationId), sender: sender,
                  receiver: receiver, createdAt: createdAt, schemaVersion: try required(Field.schemaVersion),
                  payloadDigest: digest, signature: Array(signature), payload: payload)
    }
}
