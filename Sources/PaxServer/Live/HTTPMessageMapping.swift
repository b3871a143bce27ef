public import PaxExchange
import Foundation

/// A signed message on HTTP: the envelope fields as `Pax-*` headers, the payload XML as the
/// body. The same mapping serves requests (`POST /messages`) and the replies in responses.
public enum HTTPMessageMapping {
    /// Header fields of `frame` and its payload bytes, for an HTTP request or response.
    public static func headersAndBody(of frame: [UInt8]) throws(FrameError) -> (headers: [(String, String)], body: [UInt8]) {
        let message = try WireFrame.decode(frame)
        return (message.headerFields, message.payload)
    }

    /// The frame for an HTTP message: `headers` holds every header of the request or
    /// response (names in any case); only the `Pax-*` envelope fields are read.
    public static func frame(headers: [(String, String)], body: [UInt8]) throws(FrameError) -> [UInt8] {
        let envelope = headers.filter { name, _ in SignedMessage.Field.named(name) != nil }
        return WireFrame.encode(try SignedMessage(headerFields: envelope, payload: body))
    }

    /// True when the headers carry an envelope (a reply to feed back to the agency).
    public static func hasEnvelope(_ headers: [(String, String)]) -> Bool {
        headers.contains { SignedMessage.Field.equalIgnoringASCIICase($0.0, SignedMessage.Field.signature) }
    }
}
