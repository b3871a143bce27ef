import Foundation
import PaxMessages

/// Writes a list of travellers as stored JSON directly, byte for byte what `JSONEncoder`
/// with `.sortedKeys` gives for `[Traveler]` (keys in sorted order, absent optionals left
/// out, strings escaped as its writer escapes them: `"`, `\`, `/`, the short forms `\b \f
/// \n \r \t` and `\u00xx` for other control characters, everything else as UTF-8). The
/// stored records stay readable by `JSONDecoder` and by databases written before; a test
/// compares the bytes with `JSONEncoder`'s.
///
/// Why: the encoder's generic machinery was most of the cost of storing a received
/// manifest (a received manifest is stored once, so no cache helps there). Foreign
/// extension elements, rare and free-form, are still encoded by `JSONEncoder`.
enum TravelerJSONWriter {
    /// The JSON array of `travelers`.
    static func encode(_ travelers: [Traveler]) throws -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(travelers.count * 600 + 2)
        out.append(UInt8(ascii: "["))
        for (position, traveler) in travelers.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            try write(traveler, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return Data(out)
    }

    private static let extensionEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    private static func write(_ traveler: Traveler, to out: inout [UInt8]) throws {
        out.append(UInt8(ascii: "{"))
        var first = true
        if let address = traveler.address {
            key("address", &out, &first)
            out.append(UInt8(ascii: "{"))
            var inner = true
            key("city", &out, &inner)
            string(address.city, &out)
            key("country", &out, &inner)
            string(address.country.rawValue, &out)
            if let postalCode = address.postalCode {
                key("postalCode", &out, &inner)
                string(postalCode, &out)
            }
            key("street", &out, &inner)
            string(address.street, &out)
            out.append(UInt8(ascii: "}"))
        }
        if let bags = traveler.bags {
            key("bags", &out, &first)
            out.append(UInt8(ascii: "{"))
            var inner = true
            key("count", &out, &inner)
            out.append(contentsOf: String(bags.count).utf8)
            key("tags", &out, &inner)
            strings(bags.tags, &out)
            out.append(UInt8(ascii: "}"))
        }
        if let residence = traveler.countryOfResidence {
            key("countryOfResidence", &out, &first)
            string(residence.rawValue, &out)
        }
        key("dateOfBirth", &out, &first)
        string(traveler.dateOfBirth.description, &out)
        key("debarkation", &out, &first)
        string(traveler.debarkation, &out)
        key("documents", &out, &first)
        out.append(UInt8(ascii: "["))
        for (position, document) in traveler.documents.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            try write(document, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        key("embarkation", &out, &first)
        string(traveler.embarkation, &out)
        key("extensions", &out, &first)
        try extensions(traveler.extensions, &out)
        key("gender", &out, &first)
        string(traveler.gender.rawValue, &out)
        if let givenNames = traveler.givenNames {
            key("givenNames", &out, &first)
            string(givenNames, &out)
        }
        key("kind", &out, &first)
        string(traveler.kind.rawValue, &out)
        key("nationality", &out, &first)
        string(traveler.nationality.rawValue, &out)
        if let placeOfBirth = traveler.placeOfBirth {
            key("placeOfBirth", &out, &first)
            string(placeOfBirth, &out)
        }
        if let recordLocator = traveler.recordLocator {
            key("recordLocator", &out, &first)
            string(recordLocator, &out)
        }
        key("reference", &out, &first)
        string(traveler.reference, &out)
        if let seat = traveler.seat {
            key("seat", &out, &first)
            string(seat, &out)
        }
        key("surname", &out, &first)
        string(traveler.surname, &out)
        key("verified", &out, &first)
        out.append(contentsOf: (traveler.verified ? "true" : "false").utf8)
        out.append(UInt8(ascii: "}"))
    }

    private static func write(_ document: TravelDocument, to out: inout [UInt8]) throws {
        out.append(UInt8(ascii: "{"))
        var first = true
        key("expiryDate", &out, &first)
        string(document.expiryDate.description, &out)
        key("extensions", &out, &first)
        try extensions(document.extensions, &out)
        key("issuingState", &out, &first)
        string(document.issuingState.rawValue, &out)
        key("mrzLines", &out, &first)
        strings(document.mrzLines, &out)
        key("number", &out, &first)
        string(document.number, &out)
        key("type", &out, &first)
        string(document.type.rawValue, &out)
        out.append(UInt8(ascii: "}"))
    }

    private static func extensions<Element: Encodable>(_ elements: [Element], _ out: inout [UInt8]) throws {
        if elements.isEmpty {
            out.append(UInt8(ascii: "["))
            out.append(UInt8(ascii: "]"))
        } else {
            out.append(contentsOf: try extensionEncoder.encode(elements))
        }
    }

    /// `"name":`, after a comma unless it is the object's first key.
    private static func key(_ name: StaticString, _ out: inout [UInt8], _ first: inout Bool) {
        if first { first = false } else { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    private static func strings(_ values: [String], _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (position, value) in values.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            string(value, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// `text` as a JSON string literal, escaped as `JSONEncoder` escapes it.
    static func string(_ text: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() where needsEscape(byte) {
                if start < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                appendEscape(byte, &out)
                start = index + 1
            }
            if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "/")
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// How `byte` (one that `needsEscape`) is written inside a string.
    private static func appendEscape(_ byte: UInt8, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x00..<0x20:
            // Both digits index 0...15 of the 16 hex digits.
            out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                    hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
        default: out.append(byte)
        }
    }
}
