public import SafeXML

extension Acknowledgement: XMLMessage {
    public static let rootElementName = "Acknowledgement"

    public func encode(to writer: inout XMLWriter, declaringNamespace: Bool) throws(XMLWriterError) {
        try writer.startMessage(Self.rootElementName, version: schemaVersion, declaringNamespace: declaringNamespace)
        try header.encode(to: &writer)
        try writer.value("ReferencedMessageId", referencedMessageId)
        try writer.value("Status", status)
        try writer.value("ReceivedDigest", receivedDigest)
        if !errors.isEmpty {
            try writer.start("Errors")
            for error in errors { try error.encode(to: &writer) }
            try writer.end()
        }
        if let auditHead {
            try writer.start("AuditHead")
            try writer.element("Sequence", String(auditHead.sequence))
            try writer.element("Hash", auditHead.hash)
            try writer.end()
        }
        try writer.extensions(extensions)
        try writer.end()
    }

    public static func decode(_ element: XMLElement) throws(MessageDecodingError) -> Acknowledgement {
        try decode(rootDecoder(element))
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> Acknowledgement {
        let version = try decoder.attribute("schemaVersion", as: SchemaVersion.self)
        var c = try decoder.contents(attributes: ["schemaVersion"])
        let acknowledgement = Acknowledgement(
            schemaVersion: version,
            header: try c.required("Header", MessageHeader.decode),
            referencedMessageId: try c.requiredValue("ReferencedMessageId"),
            status: try c.requiredValue("Status"),
            receivedDigest: try c.requiredValue("ReceivedDigest"),
            errors: try c.optional("Errors") { list throws(MessageDecodingError) in
                var e = try list.contents()
                let errors = try e.repeated("Error", minimum: 1, ProcessingError.decode)
                try e.finish()
                return errors
            } ?? [],
            auditHead: try c.optional("AuditHead") { head throws(MessageDecodingError) in
                var h = try head.contents()
                let sequence = try h.required("Sequence") { e throws(MessageDecodingError) in try e.integer(minimum: 1) }
                let hash: String = try h.requiredValue("Hash")
                try h.finish()
                return Acknowledgement.AuditHead(sequence: Int64(sequence), hash: hash)
            },
            extensions: c.extensions())
        try c.finish()
        return acknowledgement
    }
}

extension ProcessingError {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("Error")
        try writer.value("Code", code)
        try writer.value("Severity", severity)
        if let line { try writer.element("Line", String(line)) }
        if let column { try writer.element("Column", String(column)) }
        try writer.value("Path", ifPresent: path)
        try writer.value("Text", text)
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> ProcessingError {
        var c = try decoder.contents()
        let error = ProcessingError(
            code: try c.requiredValue("Code"),
            severity: try c.requiredValue("Severity"),
            line: try c.optional("Line") { e throws(MessageDecodingError) in try e.integer(minimum: 1) },
            column: try c.optional("Column") { e throws(MessageDecodingError) in try e.integer(minimum: 0) },
            path: try c.optionalValue("Path"),
            text: try c.requiredValue("Text"))
        try c.finish()
        return error
    }
}
