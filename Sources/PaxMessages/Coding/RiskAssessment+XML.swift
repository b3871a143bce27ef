public import SafeXML

extension RiskAssessment: XMLMessage {
    public static let rootElementName = "RiskAssessment"

    public func encode(to writer: inout XMLWriter, declaringNamespace: Bool) throws(XMLWriterError) {
        try writer.startMessage(Self.rootElementName, version: schemaVersion, declaringNamespace: declaringNamespace)
        try header.encode(to: &writer)
        try writer.value("ManifestMessageId", manifestMessageId)
        try writer.value("AssessedAt", assessedAt)
        try writer.start("Assessments")
        for assessment in assessments { try assessment.encode(to: &writer) }
        try writer.end()
        try writer.extensions(extensions)
        try writer.end()
    }

    public static func decode(_ element: XMLElement) throws(MessageDecodingError) -> RiskAssessment {
        try decode(rootDecoder(element))
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> RiskAssessment {
        let version = try decoder.attribute("schemaVersion", as: SchemaVersion.self)
        var c = try decoder.contents(attributes: ["schemaVersion"])
        let assessment = RiskAssessment(
            schemaVersion: version,
            header: try c.required("Header", MessageHeader.decode),
            manifestMessageId: try c.requiredValue("ManifestMessageId"),
            assessedAt: try c.requiredValue("AssessedAt"),
            assessments: try c.required("Assessments") { list throws(MessageDecodingError) in
                var a = try list.contents()
                let assessments = try a.repeated("TravelerAssessment", TravelerAssessment.decode)
                try a.finish()
                return assessments
            },
            extensions: c.extensions())
        try c.finish()
        return assessment
    }
}

extension TravelerAssessment {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("TravelerAssessment")
        try writer.value("TravelerReference", travelerReference)
        try writer.value("Outcome", outcome)
        try writer.value("Score", score)
        try writer.value("IdentityConfidence", ifPresent: identityConfidence)
        if !reasons.isEmpty {
            try writer.start("Reasons")
            for reason in reasons { try reason.encode(to: &writer) }
            try writer.end()
        }
        try writer.extensions(extensions)
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> TravelerAssessment {
        var c = try decoder.contents()
        let assessment = TravelerAssessment(
            travelerReference: try c.requiredValue("TravelerReference"),
            outcome: try c.requiredValue("Outcome"),
            score: try c.requiredValue("Score"),
            identityConfidence: try c.optionalValue("IdentityConfidence"),
            reasons: try c.optional("Reasons") { list throws(MessageDecodingError) in
                var r = try list.contents()
                let reasons = try r.repeated("Reason", minimum: 1, AssessmentReason.decode)
                try r.finish()
                return reasons
            } ?? [],
            extensions: c.extensions())
        try c.finish()
        return assessment
    }
}

extension AssessmentReason {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("Reason", attributes: ["kind": kind.rawValue])
        try writer.value("SourceId", sourceId)
        try writer.value("MatchScore", ifPresent: matchScore)
        if let matchedFields { try writer.element("MatchedFields", matchedFields.joined(separator: " ")) }
        try writer.value("ListedAction", ifPresent: listedAction)
        try writer.value("RequestedOutcome", ifPresent: requestedOutcome)
        try writer.value("Text", text)
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> AssessmentReason {
        var c = try decoder.contents(attributes: ["kind"])
        let reason = AssessmentReason(
            kind: try decoder.attribute("kind"),
            sourceId: try c.requiredValue("SourceId"),
            matchScore: try c.optionalValue("MatchScore"),
            matchedFields: try c.optional("MatchedFields") { e throws(MessageDecodingError) in
                // xs:list: items separated by whitespace, possibly none.
                let text = try e.text()
                return text.isEmpty ? [] : text.split(separator: " ").map(String.init)
            },
            listedAction: try c.optionalValue("ListedAction"),
            requestedOutcome: try c.optionalValue("RequestedOutcome"),
            text: try c.requiredValue("Text"))
        try c.finish()
        return reason
    }
}
