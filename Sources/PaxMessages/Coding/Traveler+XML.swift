import SafeXML

extension Traveler {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("Traveler", attributes: ["reference": reference])
        try writer.value("Kind", kind)
        try writer.value("Surname", surname)
        try writer.value("GivenNames", ifPresent: givenNames)
        try writer.value("Gender", gender)
        try writer.value("DateOfBirth", dateOfBirth)
        try writer.value("Nationality", nationality)
        try writer.value("CountryOfResidence", ifPresent: countryOfResidence)
        try writer.value("PlaceOfBirth", ifPresent: placeOfBirth)
        if let address { try address.encode(to: &writer) }
        try writer.value("Embarkation", embarkation)
        try writer.value("Debarkation", debarkation)
        try writer.value("Verified", verified)
        try writer.value("Seat", ifPresent: seat)
        if let bags { try bags.encode(to: &writer) }
        try writer.value("RecordLocator", ifPresent: recordLocator)
        try writer.start("Documents")
        for document in documents { try document.encode(to: &writer) }
        try writer.end()
        try writer.extensions(extensions)
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> Traveler {
        var c = try decoder.contents(attributes: ["reference"])
        let traveler = Traveler(
            reference: try decoder.attribute("reference"),
            kind: try c.requiredValue("Kind"),
            surname: try c.requiredValue("Surname"),
            givenNames: try c.optionalValue("GivenNames"),
            gender: try c.requiredValue("Gender"),
            dateOfBirth: try c.requiredValue("DateOfBirth"),
            nationality: try c.requiredValue("Nationality"),
            countryOfResidence: try c.optionalValue("CountryOfResidence"),
            placeOfBirth: try c.optionalValue("PlaceOfBirth"),
            address: try c.optional("Address", Address.decode),
            embarkation: try c.requiredValue("Embarkation"),
            debarkation: try c.requiredValue("Debarkation"),
            verified: try c.requiredValue("Verified"),
            seat: try c.optionalValue("Seat"),
            bags: try c.optional("Bags", Baggage.decode),
            recordLocator: try c.optionalValue("RecordLocator"),
            documents: try c.required("Documents") { list throws(MessageDecodingError) in
                var d = try list.contents()
                let documents = try d.repeated("Document", minimum: 1, maximum: 5, TravelDocument.decode)
                try d.finish()
                return documents
            },
            extensions: c.extensions())
        try c.finish()
        return traveler
    }
}

extension Address {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("Address")
        try writer.value("Street", street)
        try writer.value("City", city)
        try writer.value("PostalCode", ifPresent: postalCode)
        try writer.value("Country", country)
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> Address {
        var c = try decoder.contents()
        let address = Address(
            street: try c.requiredValue("Street"),
            city: try c.requiredValue("City"),
            postalCode: try c.optionalValue("PostalCode"),
            country: try c.requiredValue("Country"))
        try c.finish()
        return address
    }
}

extension Baggage {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("Bags", attributes: ["count": String(count)])
        for tag in tags { try writer.value("Tag", tag) }
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> Baggage {
        var c = try decoder.contents(attributes: ["count"])
        let bags = Baggage(
            count: try decoder.integerAttribute("count", minimum: 0),
            tags: try c.repeated("Tag") { tag throws(MessageDecodingError) in try tag.value(String.self) })
        try c.finish()
        return bags
    }
}

extension TravelDocument {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("Document")
        try writer.value("Type", type)
        try writer.value("Number", number)
        try writer.value("IssuingState", issuingState)
        try writer.value("ExpiryDate", expiryDate)
        if !mrzLines.isEmpty {
            try writer.start("MRZ")
            for line in mrzLines { try writer.value("Line", line) }
            try writer.end()
        }
        try writer.extensions(extensions)
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> TravelDocument {
        var c = try decoder.contents()
        let document = TravelDocument(
            type: try c.requiredValue("Type"),
            number: try c.requiredValue("Number"),
            issuingState: try c.requiredValue("IssuingState"),
            expiryDate: try c.requiredValue("ExpiryDate"),
            mrzLines: try c.optional("MRZ") { mrz throws(MessageDecodingError) in
                var lines = try mrz.contents()
                let result = try lines.repeated("Line", minimum: 2, maximum: 3) { line throws(MessageDecodingError) in
                    try line.value(String.self)
                }
                try lines.finish()
                return result
            } ?? [],
            extensions: c.extensions())
        try c.finish()
        return document
    }
}
