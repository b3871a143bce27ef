public import SafeXML

extension AssistanceRequest: XMLMessage {
    public static let rootElementName = "AssistanceRequest"

    public func encode(to writer: inout XMLWriter, declaringNamespace: Bool) throws(XMLWriterError) {
        try writer.startMessage(Self.rootElementName, version: schemaVersion, declaringNamespace: declaringNamespace)
        try header.encode(to: &writer)
        try writer.value("LegalBasis", legalBasis)
        try writer.value("Purpose", purpose)
        try writer.start("Query")
        switch query {
        case .byDocument(let document):
            try writer.start("ByDocument")
            try writer.value("DocumentType", document.documentType)
            try writer.value("DocumentNumber", document.documentNumber)
            try writer.value("IssuingState", document.issuingState)
            try writer.end()
        case .byNameAndBirthDate(let person):
            try writer.start("ByNameAndBirthDate")
            try writer.value("Surname", person.surname)
            try writer.value("GivenNames", ifPresent: person.givenNames)
            try writer.value("DateOfBirth", person.dateOfBirth)
            try writer.value("Nationality", ifPresent: person.nationality)
            try writer.end()
        }
        try writer.end()
        try writer.extensions(extensions)
        try writer.end()
    }

    public static func decode(_ element: XMLElement) throws(MessageDecodingError) -> AssistanceRequest {
        try decode(rootDecoder(element))
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> AssistanceRequest {
        let version = try decoder.attribute("schemaVersion", as: SchemaVersion.self)
        var c = try decoder.contents(attributes: ["schemaVersion"])
        let request = AssistanceRequest(
            schemaVersion: version,
            header: try c.required("Header", MessageHeader.decode),
            legalBasis: try c.requiredValue("LegalBasis"),
            purpose: try c.requiredValue("Purpose"),
            query: try c.required("Query", AssistanceQuery.decode),
            extensions: c.extensions())
        try c.finish()
        return request
    }
}

extension AssistanceQuery {
    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> AssistanceQuery {
        var c = try decoder.contents()
        let query: AssistanceQuery
        if let document = try c.optional("ByDocument", { e throws(MessageDecodingError) in
            var d = try e.contents()
            let query = DocumentQuery(
                documentType: try d.requiredValue("DocumentType"),
                documentNumber: try d.requiredValue("DocumentNumber"),
                issuingState: try d.requiredValue("IssuingState"))
            try d.finish()
            return query
        }) {
            query = .byDocument(document)
        } else {
            query = .byNameAndBirthDate(try c.required("ByNameAndBirthDate") { e throws(MessageDecodingError) in
                var p = try e.contents()
                let query = NameAndBirthDateQuery(
                    surname: try p.requiredValue("Surname"),
                    givenNames: try p.optionalValue("GivenNames"),
                    dateOfBirth: try p.requiredValue("DateOfBirth"),
                    nationality: try p.optionalValue("Nationality"))
                try p.finish()
                return query
            })
        }
        try c.finish()
        return query
    }
}

extension AssistanceResponse: XMLMessage {
    public static let rootElementName = "AssistanceResponse"

    public func encode(to writer: inout XMLWriter, declaringNamespace: Bool) throws(XMLWriterError) {
        try writer.startMessage(Self.rootElementName, version: schemaVersion, declaringNamespace: declaringNamespace)
        try header.encode(to: &writer)
        try writer.value("RequestMessageId", requestMessageId)
        try writer.value("Result", result)
        try writer.value("DenialReason", ifPresent: denialReason)
        if !records.isEmpty {
            try writer.start("Records")
            for record in records {
                try writer.start("Record")
                try record.flight.encode(to: &writer)
                try record.traveler.encode(to: &writer)
                try writer.end()
            }
            try writer.end()
        }
        try writer.extensions(extensions)
        try writer.end()
    }

    public static func decode(_ element: XMLElement) throws(MessageDecodingError) -> AssistanceResponse {
        try decode(rootDecoder(element))
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> AssistanceResponse {
        let version = try decoder.attribute("schemaVersion", as: SchemaVersion.self)
        var c = try decoder.contents(attributes: ["schemaVersion"])
        let response = AssistanceResponse(
            schemaVersion: version,
            header: try c.required("Header", MessageHeader.decode),
            requestMessageId: try c.requiredValue("RequestMessageId"),
            result: try c.requiredValue("Result"),
            denialReason: try c.optionalValue("DenialReason"),
            records: try c.optional("Records") { list throws(MessageDecodingError) in
                var r = try list.contents()
                let records = try r.repeated("Record", minimum: 1) { e throws(MessageDecodingError) in
                    var fields = try e.contents()
                    let record = AssistanceRecord(flight: try fields.required("Flight", FlightSummary.decode),
                                                  traveler: try fields.required("Traveler", Traveler.decode))
                    try fields.finish()
                    return record
                }
                try r.finish()
                return records
            } ?? [],
            extensions: c.extensions())
        try c.finish()
        return response
    }
}

extension FlightSummary {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("Flight")
        try writer.value("Carrier", carrier)
        try writer.value("FlightNumber", flightNumber)
        try writer.value("DepartureAirport", departureAirport)
        try writer.value("ArrivalAirport", arrivalAirport)
        try writer.value("ScheduledDeparture", scheduledDeparture)
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> FlightSummary {
        var c = try decoder.contents()
        let summary = FlightSummary(
            carrier: try c.requiredValue("Carrier"),
            flightNumber: try c.requiredValue("FlightNumber"),
            departureAirport: try c.requiredValue("DepartureAirport"),
            arrivalAirport: try c.requiredValue("ArrivalAirport"),
            scheduledDeparture: try c.requiredValue("ScheduledDeparture"))
        try c.finish()
        return summary
    }
}
