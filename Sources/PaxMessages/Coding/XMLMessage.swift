public import SafeXML

/// A v1 message that reads from and writes to XML.
///
/// Encoding is deterministic (same value, same bytes): UTF-8 with an XML declaration,
/// two-space indentation, the schema's element order, `xmlns="urn:paxsim:api:v1"` and
/// `schemaVersion` on the root, values in canonical form, extensions re-emitted in place.
public protocol XMLMessage: Sendable, Hashable {
    /// Local name of the root element, e.g. `TravelerManifest`.
    static var rootElementName: String { get }

    /// Writes the message element; `declaringNamespace` is true at a document root and false
    /// inside an envelope payload (which inherits the namespace).
    func encode(to writer: inout XMLWriter, declaringNamespace: Bool) throws(XMLWriterError)

    /// Reads the message from its root element.
    static func decode(_ element: XMLElement) throws(MessageDecodingError) -> Self
}

extension XMLMessage {
    /// The message as a complete XML document.
    public func xml() throws(XMLWriterError) -> [UInt8] {
        var writer = XMLWriter()
        try encode(to: &writer, declaringNamespace: true)
        return try writer.finish()
    }

    /// Parses `bytes` (hardened parse) and decodes the root, which must be this message type.
    public static func decode(bytes: [UInt8], limits: ParseLimits = .default) throws(MessageDecodingError) -> Self {
        try decode(MessageDocument.root(of: bytes, limits: limits))
    }

    /// The decoder for `element` as the root of this message type.
    static func rootDecoder(_ element: XMLElement) throws(MessageDecodingError) -> ElementDecoder {
        let decoder = ElementDecoder(element: element, path: "/" + element.name.localName)
        guard element.name.namespace == PaxMessage.namespace, element.name.localName == rootElementName else {
            if element.name.namespace == PaxMessage.namespace && PaxMessage.rootElementNames.contains(element.name.localName) {
                throw decoder.error(.missingElement(rootElementName, found: element.name.localName))
            }
            throw decoder.error(.unknownMessage(element.name))
        }
        return decoder
    }
}

/// Parsing bytes into a root element for the decoders.
enum MessageDocument {
    static func root(of bytes: [UInt8], limits: ParseLimits) throws(MessageDecodingError) -> XMLElement {
        let document: XMLDocument
        do {
            document = try XMLDocument.parse(bytes, limits: limits)
        } catch {
            let first = error.diagnostics.first
            throw MessageDecodingError(path: first?.path ?? "", line: first?.line ?? 0, problem: .unreadable(error.diagnostics))
        }
        guard let root = document.root else {
            throw MessageDecodingError(path: "", line: 0, problem: .unreadable([]))
        }
        return root
    }
}
