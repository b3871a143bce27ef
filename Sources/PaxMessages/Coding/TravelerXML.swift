public import SafeXML

/// `<Traveler>` elements written straight as bytes: the encoder of a `Traveler` value. The
/// model's encoder (`TravelerManifest.xml()`, assistance responses) hands its output to
/// `XMLWriter.appendElement`. The generator's streaming writer has a second encoder, for
/// drafts (`TravelerDraft.appendXML`), built from this type's element helpers and held to
/// the same bytes by its tests.
///
/// The bytes are what `XMLWriter` writes for the same elements: two-space indentation, the
/// schema's element order, values in canonical form, text escaped as `XMLWriter` escapes it
/// and refused where it refuses (the same `XMLWriterError`). Extension elements of other
/// namespaces are written by `XMLWriter` itself.
public enum TravelerXML {
    /// Appends `traveler` as a `<Traveler>` element inside `depth` open elements (2 inside a
    /// manifest's `<Travelers>`): a newline, the indentation, the element.
    public static func append(_ traveler: Traveler, depth: Int, to buffer: XMLByteBuffer) throws(XMLWriterError) {
        let mark = buffer.cursor.count
        do {
            try append(traveler, depth: depth, to: &buffer.cursor)
        } catch {
            buffer.truncate(to: mark)
            throw error
        }
    }

    static func append(_ traveler: Traveler, depth: Int, to out: inout ByteCursor) throws(XMLWriterError) {
        let inner = depth + 1
        out.newline(depth)
        out.append("<Traveler reference=\"")
        try escaped(traveler.reference, attribute: true, &out)
        out.append("\">")
        code(inner, "<Kind>", traveler.kind.rawValue, "</Kind>", &out)
        try text(inner, "<Surname>", traveler.surname, "</Surname>", &out)
        if let given = traveler.givenNames { try text(inner, "<GivenNames>", given, "</GivenNames>", &out) }
        code(inner, "<Gender>", traveler.gender.rawValue, "</Gender>", &out)
        date(inner, "<DateOfBirth>", traveler.dateOfBirth, "</DateOfBirth>", &out)
        try text(inner, "<Nationality>", traveler.nationality.rawValue, "</Nationality>", &out)
        if let residence = traveler.countryOfResidence {
            try text(inner, "<CountryOfResidence>", residence.rawValue, "</CountryOfResidence>", &out)
        }
        if let place = traveler.placeOfBirth { try text(inner, "<PlaceOfBirth>", place, "</PlaceOfBirth>", &out) }
        if let address = traveler.address {
            out.newline(inner)
            out.append("<Address>")
            try text(inner + 1, "<Street>", address.street, "</Street>", &out)
            try text(inner + 1, "<City>", address.city, "</City>", &out)
            if let postalCode = address.postalCode { try text(inner + 1, "<PostalCode>", postalCode, "</PostalCode>", &out) }
            try text(inner + 1, "<Country>", address.country.rawValue, "</Country>", &out)
            out.newline(inner)
            out.append("</Address>")
        }
        try text(inner, "<Embarkation>", traveler.embarkation, "</Embarkation>", &out)
        try text(inner, "<Debarkation>", traveler.debarkation, "</Debarkation>", &out)
        code(inner, "<Verified>", traveler.verified ? "true" : "false", "</Verified>", &out)
        if let seat = traveler.seat { try text(inner, "<Seat>", seat, "</Seat>", &out) }
        if let bags = traveler.bags {
            out.newline(inner)
            out.append("<Bags count=\"")
            decimal(bags.count, &out)
            if bags.tags.isEmpty {
                out.append("\"/>")
            } else {
                out.append("\">")
                for tag in bags.tags { try text(inner + 1, "<Tag>", tag, "</Tag>", &out) }
                out.newline(inner)
                out.append("</Bags>")
            }
        }
        if let locator = traveler.recordLocator { try text(inner, "<RecordLocator>", locator, "</RecordLocator>", &out) }
        out.newline(inner)
        if traveler.documents.isEmpty {
            out.append("<Documents/>")
        } else {
            out.append("<Documents>")
            for document in traveler.documents { try append(document, depth: inner + 1, to: &out) }
            out.newline(inner)
            out.append("</Documents>")
        }
        try extensions(traveler.extensions, depth: inner, &out)
        out.newline(depth)
        out.append("</Traveler>")
    }

    /// Appends `document` as a `<Document>` element inside `depth` open elements.
    static func append(_ document: TravelDocument, depth: Int, to out: inout ByteCursor) throws(XMLWriterError) {
        let inner = depth + 1
        out.newline(depth)
        out.append("<Document>")
        code(inner, "<Type>", document.type.rawValue, "</Type>", &out)
        try text(inner, "<Number>", document.number, "</Number>", &out)
        try text(inner, "<IssuingState>", document.issuingState.rawValue, "</IssuingState>", &out)
        date(inner, "<ExpiryDate>", document.expiryDate, "</ExpiryDate>", &out)
        if !document.mrzLines.isEmpty {
            out.newline(inner)
            out.append("<MRZ>")
            for line in document.mrzLines { try text(inner + 1, "<Line>", line, "</Line>", &out) }
            out.newline(inner)
            out.append("</MRZ>")
        }
        try extensions(document.extensions, depth: inner, &out)
        out.newline(depth)
        out.append("</Document>")
    }

    // MARK: - Pieces (public for writers of the same elements from other values)

    /// `<open>text</close>` on its own line, `text` escaped.
    @inline(__always)
    public static func text(_ level: Int, _ open: StaticString, _ value: String, _ close: StaticString,
                             _ out: inout ByteCursor) throws(XMLWriterError) {
        out.newline(level)
        out.append(open)
        try escaped(value, attribute: false, &out)
        out.append(close)
    }

    /// `<open>code</close>` for a code-list value, boolean or other text that needs no escaping.
    @inline(__always)
    public static func code(_ level: Int, _ open: StaticString, _ value: String, _ close: StaticString, _ out: inout ByteCursor) {
        out.newline(level)
        out.append(open)
        out.appendRaw(value)
        out.append(close)
    }

    /// `<open>YYYY-MM-DD</close>` (`CalendarDate.description`; years are 1...9999).
    @inline(__always)
    public static func date(_ level: Int, _ open: StaticString, _ date: CalendarDate, _ close: StaticString, _ out: inout ByteCursor) {
        out.newline(level)
        out.append(open)
        let year = date.year, month = date.month, day = date.day
        out.write(maximum: 10) { target in
            target[0] = 0x30 + UInt8(truncatingIfNeeded: year / 1000 % 10)
            target[1] = 0x30 + UInt8(truncatingIfNeeded: year / 100 % 10)
            target[2] = 0x30 + UInt8(truncatingIfNeeded: year / 10 % 10)
            target[3] = 0x30 + UInt8(truncatingIfNeeded: year % 10)
            target[4] = 0x2D
            target[5] = 0x30 + UInt8(truncatingIfNeeded: month / 10)
            target[6] = 0x30 + UInt8(truncatingIfNeeded: month % 10)
            target[7] = 0x2D
            target[8] = 0x30 + UInt8(truncatingIfNeeded: day / 10)
            target[9] = 0x30 + UInt8(truncatingIfNeeded: day % 10)
            return 10
        }
        out.append(close)
    }

    /// `value` in decimal, as `String(value)` writes it.
    public static func decimal(_ value: Int, _ out: inout ByteCursor) {
        var length = 1, rest = value.magnitude
        while rest >= 10 {
            rest /= 10
            length += 1
        }
        let sign = value < 0 ? 1 : 0
        out.write(maximum: sign + length) { target in
            if sign == 1 { target[0] = 0x2D }
            var magnitude = value.magnitude
            for position in stride(from: sign + length - 1, through: sign, by: -1) {
                target[position] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            }
            return sign + length
        }
    }

    /// Extension elements, written by `XMLWriter` at this depth.
    private static func extensions(_ elements: [XMLElement], depth: Int, _ out: inout ByteCursor) throws(XMLWriterError) {
        guard !elements.isEmpty else { return }
        var writer = XMLWriter.fragment(depth: depth)
        try ExtensionElements.write(elements, to: &writer)
        writer.bytes.withUnsafeBufferPointer { out.append($0) }
    }

    /// Whether `byte` needs more than copying: controls, `"`, `&`, `<`, `>` (a mask over
    /// bytes below 0x40), or 0xEF, which may start U+FFFE or U+FFFF.
    @inline(__always)
    private static func needsWork(_ byte: UInt8) -> Bool {
        byte == 0xEF || (byte < 64 && (0xFFFF_FFFF | 1 << 0x22 | 1 << 0x26 | 1 << 0x3C | 1 << 0x3E as UInt64) >> UInt64(byte) & 1 == 1)
    }

    /// `text` escaped as `XMLWriter` escapes character data (`<`, `>`, `&`, carriage return)
    /// or attribute values (also `"`, tab, line feed); throws as it does for a character
    /// XML 1.0 cannot carry.
    @inline(__always)
    public static func escaped(_ text: String, attribute: Bool, _ out: inout ByteCursor) throws(XMLWriterError) {
        var failure = text.utf8.withContiguousStorageIfAvailable { utf8 in
            escaped(utf8, attribute: attribute, &out)
        }
        if failure == nil { failure = Array(text.utf8).withUnsafeBufferPointer { escaped($0, attribute: attribute, &out) } }
        if let failure = failure ?? nil { throw .invalidCharacter(failure, in: text) }
    }

    /// Appends `utf8` escaped; the scalar XML cannot carry (nothing appended then), or nil.
    private static func escaped(_ utf8: UnsafeBufferPointer<UInt8>, attribute: Bool, _ out: inout ByteCursor) -> UInt32? {
        let count = utf8.count
        var index = 0
        // Fast path: nothing to escape, one copy.
        while index < count, !needsWork(utf8[index]) { index += 1 }
        if index == count {
            out.append(utf8)
            return nil
        }
        let mark = out.count
        var failure: UInt32? = nil
        // At most six output bytes per input byte (`&quot;`).
        out.write(maximum: count * 6) { target in
            var written = 0
            @inline(__always) func emit(_ replacement: StaticString) {
                replacement.withUTF8Buffer { bytes in
                    for byte in bytes {
                        target[written] = byte
                        written += 1
                    }
                }
            }
            index = 0
            while index < count {
                let byte = utf8[index]
                index += 1
                guard needsWork(byte) else {
                    target[written] = byte
                    written += 1
                    continue
                }
                switch byte {
                case 0x3C: emit("&lt;")
                case 0x3E: emit("&gt;")
                case 0x26: emit("&amp;")
                case 0x22 where attribute: emit("&quot;")
                case 0x0D: emit("&#13;")
                case 0x09 where attribute: emit("&#9;")
                case 0x0A where attribute: emit("&#10;")
                case 0x09, 0x0A, 0x22:
                    target[written] = byte
                    written += 1
                case 0x00..<0x20:
                    failure = UInt32(byte)
                    return 0
                case 0xEF where index + 1 < count && utf8[index] == 0xBF && (utf8[index + 1] == 0xBE || utf8[index + 1] == 0xBF):
                    failure = utf8[index + 1] == 0xBE ? 0xFFFE : 0xFFFF
                    return 0
                default:
                    target[written] = byte
                    written += 1
                }
            }
            return written
        }
        if failure != nil { out.count = mark }
        return failure
    }
}
