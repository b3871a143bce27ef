public import SafeXML

extension Envelope: XMLMessage {
    public static let rootElementName = "Envelope"

    public func encode(to writer: inout XMLWriter, declaringNamespace: Bool) throws(XMLWriterError) {
        try writer.startMessage(Self.rootElementName, version: schemaVersion, declaringNamespace: declaringNamespace)
        try header.encode(to: &writer)
        try writer.value("SchemaVersion", payloadSchemaVersion)
        try writer.value("PayloadDigest", payloadDigest)
        try writer.start("Signature", attributes: ["algorithm": signature.algorithm.rawValue])
        try writer.text(signature.base64)
        try writer.end()
        try writer.start("Payload")
        try payload.encode(to: &writer, declaringNamespace: false)
        try writer.end()
        try writer.end()
    }

    public static func decode(_ element: XMLElement) throws(MessageDecodingError) -> Envelope {
        try decode(rootDecoder(element))
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> Envelope {
        let version = try decoder.attribute("schemaVersion", as: SchemaVersion.self)
        var c = try decoder.contents(attributes: ["schemaVersion"])
        let envelope = Envelope(
            schemaVersion: version,
            header: try c.required("Header", MessageHeader.decode),
            payloadSchemaVersion: try c.requiredValue("SchemaVersion", as: SchemaVersion.self),
            payloadDigest: try c.requiredValue("PayloadDigest"),
            signature: try c.required("Signature", Signature.decode),
            payload: try c.required("Payload") { holder throws(MessageDecodingError) in
                var p = try holder.contents()
                guard let message = p.next() else { throw p.missing("a message element") }
                let payload = try PaxMessage.decode(message)
                try p.finish()
                return payload
            })
        try c.finish()
        return envelope
    }
}

extension Signature {
    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> Signature {
        let text = try decoder.text(attributes: ["algorithm"])
        let algorithm = try decoder.attribute("algorithm", as: Algorithm.self)
        guard let signature = Signature(algorithm: algorithm, base64: text) else {
            throw decoder.error(.invalidValue(text, expected: "base64 (the 64-byte Ed25519 signature)"))
        }
        return signature
    }
}
