public import SafeXML

extension TravelerManifest: XMLMessage {
    public static let rootElementName = "TravelerManifest"

    public func encode(to writer: inout XMLWriter, declaringNamespace: Bool) throws(XMLWriterError) {
        try writer.startMessage(Self.rootElementName, version: schemaVersion, declaringNamespace: declaringNamespace)
        try header.encode(to: &writer)
        try writer.value("MessageFunction", function)
        try writer.value("OriginalMessageId", ifPresent: originalMessageId)
        try writer.value("ListType", listType)
        try flight.encode(to: &writer)
        try reportingParty.encode(to: &writer)
        try writer.start("Travelers")
        for traveler in travelers { try traveler.encode(to: &writer) }
        try writer.end()
        try totals.encode(to: &writer)
        try writer.extensions(extensions)
        try writer.end()
    }

    public static func decode(_ element: XMLElement) throws(MessageDecodingError) -> TravelerManifest {
        try decode(rootDecoder(element))
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> TravelerManifest {
        let version = try decoder.attribute("schemaVersion", as: SchemaVersion.self)
        var c = try decoder.contents(attributes: ["schemaVersion"])
        let manifest = TravelerManifest(
            schemaVersion: version,
            header: try c.required("Header", MessageHeader.decode),
            function: try c.requiredValue("MessageFunction"),
            originalMessageId: try c.optionalValue("OriginalMessageId"),
            listType: try c.requiredValue("ListType"),
            flight: try c.required("Flight", Flight.decode),
            reportingParty: try c.required("ReportingParty", ReportingParty.decode),
            travelers: try c.required("Travelers") { list throws(MessageDecodingError) in
                var t = try list.contents()
                let travelers = try t.repeated("Traveler", Traveler.decode)
                try t.finish()
                return travelers
            },
            totals: try c.required("Totals", Totals.decode),
            extensions: c.extensions())
        try c.finish()
        return manifest
    }
}

extension Flight {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("Flight")
        try writer.value("Carrier", carrier)
        try writer.value("FlightNumber", flightNumber)
        try writer.start("Legs")
        for leg in legs { try leg.encode(to: &writer) }
        try writer.end()
        try writer.extensions(extensions)
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> Flight {
        var c = try decoder.contents()
        let flight = Flight(
            carrier: try c.requiredValue("Carrier"),
            flightNumber: try c.requiredValue("FlightNumber"),
            legs: try c.required("Legs") { list throws(MessageDecodingError) in
                var l = try list.contents()
                let legs = try l.repeated("Leg", minimum: 1, maximum: 20, Leg.decode)
                try l.finish()
                return legs
            },
            extensions: c.extensions())
        try c.finish()
        return flight
    }
}

extension Leg {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("Leg", attributes: ["sequence": String(sequence)])
        try writer.value("DepartureAirport", departureAirport)
        try writer.value("ScheduledDeparture", scheduledDeparture)
        try writer.value("ArrivalAirport", arrivalAirport)
        try writer.value("ScheduledArrival", scheduledArrival)
        try writer.extensions(extensions)
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> Leg {
        var c = try decoder.contents(attributes: ["sequence"])
        let leg = Leg(
            sequence: try decoder.integerAttribute("sequence", minimum: 1),
            departureAirport: try c.requiredValue("DepartureAirport"),
            scheduledDeparture: try c.requiredValue("ScheduledDeparture"),
            arrivalAirport: try c.requiredValue("ArrivalAirport"),
            scheduledArrival: try c.requiredValue("ScheduledArrival"),
            extensions: c.extensions())
        try c.finish()
        return leg
    }
}

extension ReportingParty {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("ReportingParty")
        try writer.value("Name", name)
        try writer.value("Phone", ifPresent: phone)
        try writer.value("Email", ifPresent: email)
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> ReportingParty {
        var c = try decoder.contents()
        let party = ReportingParty(
            name: try c.requiredValue("Name"),
            phone: try c.optionalValue("Phone"),
            email: try c.optionalValue("Email"))
        try c.finish()
        return party
    }
}

extension Totals {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("Totals")
        try writer.element("Passengers", String(passengers))
        try writer.element("Crew", String(crew))
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> Totals {
        var c = try decoder.contents()
        let totals = Totals(
            passengers: try c.required("Passengers") { e throws(MessageDecodingError) in try e.integer(minimum: 0) },
            crew: try c.required("Crew") { e throws(MessageDecodingError) in try e.integer(minimum: 0) })
        try c.finish()
        return totals
    }
}
