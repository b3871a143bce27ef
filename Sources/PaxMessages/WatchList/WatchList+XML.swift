public import SafeXML

extension WatchList: XMLMessage {
    public static let rootElementName = "WatchList"

    public func encode(to writer: inout XMLWriter, declaringNamespace: Bool) throws(XMLWriterError) {
        var attributes: [(String, String)] = []
        if declaringNamespace { attributes.append(("xmlns", PaxMessage.namespace)) }
        attributes.append(("schemaVersion", schemaVersion.rawValue))
        attributes.append(("listId", listId))
        try writer.start(Self.rootElementName, attributeList: attributes)
        try writer.value("IssuedAt", ifPresent: issuedAt)
        for entry in entries { try entry.encode(to: &writer) }
        try writer.end()
    }

    /// Decodes a `WatchList` root element, checking what the schema checks (ids, lengths,
    /// patterns, counts, id uniqueness) and that a birth-date range does not end before it starts.
    public static func decode(_ element: XMLElement) throws(MessageDecodingError) -> WatchList {
        try decode(element, skippingInvalidEntries: false).watchList
    }

    /// Decodes like `decode(_:)`, but an entry that fails (or repeats an earlier id) is left
    /// out and its error returned instead of failing the whole list: for loading a list that
    /// is mostly good, when the user asked for that.
    public static func decode(_ element: XMLElement, skippingInvalidEntries: Bool)
        throws(MessageDecodingError) -> (watchList: WatchList, skipped: [MessageDecodingError]) {
        let decoder = ElementDecoder(element: element, path: "/" + element.name.localName)
        guard element.name.namespace == PaxMessage.namespace, element.name.localName == rootElementName else {
            throw decoder.error(.missingElement(rootElementName, found: element.name.description))
        }
        let version = try decoder.attribute("schemaVersion", as: SchemaVersion.self)
        let listId: String = try decoder.attribute("listId")
        guard (1...64).contains(listId.count) else {
            throw MessageDecodingError(path: decoder.path + "/@listId", line: element.line,
                                       problem: .invalidValue(listId, expected: "1 to 64 characters"))
        }
        var c = try decoder.contents(attributes: ["schemaVersion", "listId"])
        let issuedAt: Timestamp? = try c.optionalValue("IssuedAt")
        var seen: Set<String> = []
        var skipped: [MessageDecodingError] = []
        let decoded = try c.repeated("Entry") { entry throws(MessageDecodingError) -> WatchListEntry? in
            do throws(MessageDecodingError) {
                let decoded = try WatchListEntry.decode(entry)
                guard seen.insert(decoded.id).inserted else {
                    throw MessageDecodingError(path: entry.path + "/@id", line: entry.element.line,
                                               problem: .invalidValue(decoded.id, expected: "an id no earlier entry of the list uses"))
                }
                return decoded
            } catch {
                guard skippingInvalidEntries else { throw error }
                skipped.append(error)
                return nil
            }
        }
        try c.finish()
        let list = WatchList(schemaVersion: version, listId: listId, issuedAt: issuedAt, entries: decoded.compactMap { $0 })
        return (list, skipped)
    }
}

extension WatchListEntry {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("Entry", attributes: ["id": id])
        try writer.value("Category", category)
        try writer.value("Action", action)
        for name in names { try name.encode(to: &writer) }
        switch birthDate {
        case .exact(let date): try writer.value("DateOfBirth", date)
        case .year(let year): try writer.element("BirthYear", LexicalDigits.padded(year, 4))
        case .range(let from, let to):
            try writer.start("BirthDateRange")
            try writer.value("From", from)
            try writer.value("To", to)
            try writer.end()
        case nil: break
        }
        for nationality in nationalities { try writer.value("Nationality", nationality) }
        for document in documents { try document.encode(to: &writer) }
        try writer.value("Remarks", ifPresent: remarks)
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> WatchListEntry {
        let id: String = try decoder.attribute("id")
        guard WatchListText.isEntryId(id) else {
            throw MessageDecodingError(path: decoder.path + "/@id", line: decoder.element.line,
                                       problem: .invalidValue(id, expected: WatchListText.entryIdForm))
        }
        var c = try decoder.contents(attributes: ["id"])
        let entry = WatchListEntry(
            id: id,
            category: try c.requiredValue("Category"),
            action: try c.requiredValue("Action"),
            names: try c.repeated("Name", minimum: 1, maximum: 20, WatchListName.decode),
            birthDate: try WatchListBirthDate.decode(&c),
            nationalities: try c.repeated("Nationality", maximum: 5) { n throws(MessageDecodingError) in
                try n.value(CountryCode.self)
            },
            documents: try c.repeated("Document", maximum: 10, WatchListDocument.decode),
            remarks: try c.optional("Remarks") { r throws(MessageDecodingError) in
                try WatchListText.checked(r, maxLength: 2000)
            })
        try c.finish()
        return entry
    }
}

extension WatchListName {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("Name")
        try writer.element("Surname", surname)
        try writer.element("GivenNames", ifPresent: givenNames)
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> WatchListName {
        var c = try decoder.contents()
        let name = WatchListName(
            surname: try c.required("Surname") { s throws(MessageDecodingError) in try WatchListText.checked(s, maxLength: 100) },
            givenNames: try c.optional("GivenNames") { g throws(MessageDecodingError) in try WatchListText.checked(g, maxLength: 100) })
        try c.finish()
        return name
    }
}

extension WatchListBirthDate {
    /// Reads the optional choice DateOfBirth | BirthYear | BirthDateRange at the cursor.
    static func decode(_ c: inout ChildCursor) throws(MessageDecodingError) -> WatchListBirthDate? {
        if let date: CalendarDate = try c.optionalValue("DateOfBirth") { return .exact(date) }
        if let year = try c.optional("BirthYear", { y throws(MessageDecodingError) -> Int in
            let text = try y.text()
            guard text.utf8.count == 4, LexicalDigits.allDigits(text.utf8), let year = Int(text), year >= 1 else {
                throw y.error(.invalidValue(text, expected: "a year of four digits, 0001 to 9999"))
            }
            return year
        }) { return .year(year) }
        return try c.optional("BirthDateRange") { r throws(MessageDecodingError) -> WatchListBirthDate in
            var rc = try r.contents()
            let from: CalendarDate = try rc.requiredValue("From")
            let to: CalendarDate = try rc.requiredValue("To")
            try rc.finish()
            guard from <= to else {
                throw r.error(.invalidValue("\(from) to \(to)", expected: "a range whose To is not before its From"))
            }
            return .range(from, to)
        }
    }
}

extension WatchListDocument {
    func encode(to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.start("Document")
        try writer.value("Type", ifPresent: type)
        try writer.element("Number", number)
        try writer.value("IssuingState", ifPresent: issuingState)
        try writer.end()
    }

    static func decode(_ decoder: ElementDecoder) throws(MessageDecodingError) -> WatchListDocument {
        var c = try decoder.contents()
        let document = WatchListDocument(
            type: try c.optionalValue("Type"),
            number: try c.required("Number") { n throws(MessageDecodingError) in
                let text = try n.text()
                guard WatchListText.isDocumentNumber(text) else {
                    throw n.error(.invalidValue(text, expected: "1 to 20 upper-case letters and digits"))
                }
                return text
            },
            issuingState: try c.optionalValue("IssuingState"))
        try c.finish()
        return document
    }
}

extension WatchListCategory: XMLCodeList {}
extension WatchListAction: XMLCodeList {}
