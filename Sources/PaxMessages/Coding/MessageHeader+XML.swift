import SafeXML

extension MessageHeader {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("Header")
        try writer.value("MessageId", messageId)
        try writer.value("CorrelationId", ifPresent: correlationId)
        try writer.value("Sender", sender)
        try writer.value("Receiver", receiver)
        try writer.value("CreatedAt", createdAt)
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> MessageHeader {
        var c = try decoder.contents()
        let header = MessageHeader(
            messageId: try c.requiredValue("MessageId"),
            correlationId: try c.optionalValue("CorrelationId"),
            sender: try c.requiredValue("Sender"),
            receiver: try c.requiredValue("Receiver"),
            createdAt: try c.requiredValue("CreatedAt"))
        try c.finish()
        return header
    }
}
