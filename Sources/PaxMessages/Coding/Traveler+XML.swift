import SafeXML

extension Traveler {
    /// Writes the element through `TravelerXML`, the encoder of a `Traveler` value.
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        let buffer = XMLByteBuffer(capacity: 2048)
        try TravelerXML.append(self, depth: writer.depth, to: buffer)
        buffer.withUnsafeBufferPointer { writer.appendElement($0) }
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
