import PaxMessages
import SafeXML

extension TravelerDraft {
    /// Writes the `<Traveler>` element of this draft inside `depth` open elements: byte for
    /// byte what `TravelerXML.append` writes for `generated(in:).traveler` (the streaming
    /// tests compare the two), from the draft's parts: name parts, numbers and the MRZ go
    /// into the buffer without becoming strings and arrays first.
    func appendXML(in context: PassengerListContext, depth: Int, to out: inout ByteCursor) throws(XMLWriterError) {
        let inner = depth + 1
        out.newline(depth)
        out.append("<Traveler reference=\"")
        try TravelerXML.escaped(context.referencePrefix, attribute: true, &out)
        DecimalText.append(index + 1, width: context.referenceWidth, to: &out)
        out.append("\">")
        TravelerXML.code(inner, "<Kind>", kind.rawValue, "</Kind>", &out)
        out.newline(inner)
        out.append("<Surname>")
        try Self.appendJoined(holder.name.surnames, &out)
        out.append("</Surname>")
        if !holder.name.givenNames.isEmpty {
            out.newline(inner)
            out.append("<GivenNames>")
            try Self.appendJoined(holder.name.givenNames, &out)
            out.append("</GivenNames>")
        }
        TravelerXML.code(inner, "<Gender>", holder.sex.rawValue, "</Gender>", &out)
        TravelerXML.date(inner, "<DateOfBirth>", holder.birth, "</DateOfBirth>", &out)
        try TravelerXML.text(inner, "<Nationality>", holder.nationality.rawValue, "</Nationality>", &out)
        try TravelerXML.text(inner, "<CountryOfResidence>", residence.rawValue, "</CountryOfResidence>", &out)
        if let placeOfBirth { try TravelerXML.text(inner, "<PlaceOfBirth>", placeOfBirth, "</PlaceOfBirth>", &out) }
        if let address {
            out.newline(inner)
            out.append("<Address>")
            try TravelerXML.text(inner + 1, "<Street>", address.street, "</Street>", &out)
            try TravelerXML.text(inner + 1, "<City>", address.city, "</City>", &out)
            if let postalCode = address.postalCode { try TravelerXML.text(inner + 1, "<PostalCode>", postalCode, "</PostalCode>", &out) }
            try TravelerXML.text(inner + 1, "<Country>", address.country.rawValue, "</Country>", &out)
            out.newline(inner)
            out.append("</Address>")
        }
        try TravelerXML.text(inner, "<Embarkation>", embarkation, "</Embarkation>", &out)
        try TravelerXML.text(inner, "<Debarkation>", debarkation, "</Debarkation>", &out)
        TravelerXML.code(inner, "<Verified>", verified ? "true" : "false", "</Verified>", &out)
        if let seat { try TravelerXML.text(inner, "<Seat>", seat, "</Seat>", &out) }
        if let bagCount {
            out.newline(inner)
            out.append("<Bags count=\"")
            TravelerXML.decimal(bagCount, &out)
            if bagCount == 0 {
                out.append("\"/>")
            } else {
                out.append("\">")
                for bag in 0..<bagCount {
                    out.newline(inner + 1)
                    out.append("<Tag>")
                    try TravelerXML.escaped(context.bagTagPrefix, attribute: false, &out)
                    DecimalText.append(context.bagTagSerial(traveler: index, bag: bag), width: 6, to: &out)
                    out.append("</Tag>")
                }
                out.newline(inner)
                out.append("</Bags>")
            }
        }
        if let recordLocator { try TravelerXML.text(inner, "<RecordLocator>", recordLocator, "</RecordLocator>", &out) }
        out.newline(inner)
        out.append("<Documents>")
        try document.appendXML(holder: holder, depth: inner + 1, to: &out)
        if let secondDocument { try secondDocument.appendXML(holder: holder, depth: inner + 1, to: &out) }
        out.newline(inner)
        out.append("</Documents>")
        out.newline(depth)
        out.append("</Traveler>")
    }

    /// Name parts' Latin forms separated by spaces, escaped (as `PersonName.surname` and `given` join them).
    private static func appendJoined(_ parts: [NameEntry], _ out: inout ByteCursor) throws(XMLWriterError) {
        for (position, part) in parts.enumerated() {
            if position > 0 { out.append(0x20) }
            try TravelerXML.escaped(part.latin, attribute: false, &out)
        }
    }
}

extension DocumentDraft {
    /// Writes the `<Document>` element, as `TravelerXML` writes `document(for: holder)`; the
    /// MRZ is composed straight into the buffer's lines.
    func appendXML(holder: DocumentIssuer.Holder, depth: Int, to out: inout ByteCursor) throws(XMLWriterError) {
        let inner = depth + 1
        out.newline(depth)
        out.append("<Document>")
        TravelerXML.code(inner, "<Type>", kind.type.rawValue, "</Type>", &out)
        try TravelerXML.text(inner, "<Number>", number, "</Number>", &out)
        try TravelerXML.text(inner, "<IssuingState>", issuer.rawValue, "</IssuingState>", &out)
        TravelerXML.date(inner, "<ExpiryDate>", expiry, "</ExpiryDate>", &out)
        if let mrz {
            try appendMRZ(code: mrz.code, format: mrz.format, holder: holder, depth: inner, to: &out)
        }
        out.newline(depth)
        out.append("</Document>")
    }

    private func appendMRZ(code: String, format: MRZFormat, holder: DocumentIssuer.Holder, depth: Int,
                           to out: inout ByteCursor) throws(XMLWriterError) {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: MRZComposer.gridCapacity) { grid throws(XMLWriterError) in
            if DocumentIssuer.composeMRZ(code: code, format: format, document: self, holder: holder, into: grid) {
                out.newline(depth)
                out.append("<MRZ>")
                let width = format.lineLength
                for line in 0..<format.lineCount {
                    out.newline(depth + 1)
                    out.append("<Line>")
                    Self.appendMRZLine(UnsafeBufferPointer(rebasing: grid[(line * width)..<((line + 1) * width)]), &out)
                    out.append("</Line>")
                }
                out.newline(depth)
                out.append("</MRZ>")
            } else {
                // A name part without an MRZ form: the builder's lines, as the model has them.
                let lines = DocumentIssuer.mrzLines(code: code, format: format, document: self, holder: holder)
                guard !lines.isEmpty else { return }
                out.newline(depth)
                out.append("<MRZ>")
                for line in lines { try TravelerXML.text(depth + 1, "<Line>", line, "</Line>", &out) }
                out.newline(depth)
                out.append("</MRZ>")
            }
        }
    }

    /// An MRZ line (`[0-9A-Z<]` only) as escaped character data: `<` is `&lt;`. Branch-free
    /// (a line is a third fillers, in no pattern): every byte stores four, and the cursor
    /// moves on by one or, after `&lt;`, by four.
    private static func appendMRZLine(_ line: UnsafeBufferPointer<UInt8>, _ out: inout ByteCursor) {
        let entity = UInt32(0x3B74_6C26)  // "&lt;" in memory order (little-endian)
        out.write(maximum: line.count * 4 + 3) { target in
            let raw = UnsafeMutableRawPointer(target)
            var written = 0
            for byte in line {
                // `isFiller` is 1 for `<` and 0 otherwise, by arithmetic (a comparison here
                // became a mispredicted branch).
                let value = UInt32(byte)
                let isFiller = ((value ^ 0x3C) &- 1) >> 31
                let stored = value ^ ((value ^ entity) & (0 &- isFiller))
                raw.storeBytes(of: stored.littleEndian, toByteOffset: written, as: UInt32.self)
                written &+= 1 &+ 3 &* Int(isFiller)
            }
            return written
        }
    }
}
