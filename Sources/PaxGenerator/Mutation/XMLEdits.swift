/// Defects no model value can hold (a gender outside the code list, a missing element, a
/// DOCTYPE), made by editing the canonical encoding of a valid manifest.
enum XMLEdits {
    static func apply(_ mutation: Mutation, to bytes: [UInt8], random: inout SeededRandom) -> [UInt8]? {
        var text = String(decoding: bytes, as: UTF8.self)
        switch mutation {
        case .badGender:
            guard let range = firstElement("Gender", in: text) else { return nil }
            text.replaceSubrange(range, with: "<Gender>" + random.pick(["Q", "MALE", "m", "0"]) + "</Gender>")
        case .badDateOfBirth:
            guard let range = firstElement("DateOfBirth", in: text) else { return nil }
            let year = text[range].dropFirst("<DateOfBirth>".count).prefix(4)
            text.replaceSubrange(range, with: "<DateOfBirth>" + year + random.pick(["-02-30", "-13-01", "-04-31", "-00-10"]) + "</DateOfBirth>")
        case .missingSurname:
            guard let range = firstLine(containing: "<Surname>", in: text) else { return nil }
            text.removeSubrange(range)
        case .badMRZLineLength:
            guard let range = firstElement("Line", in: text) else { return nil }
            let element = String(text[range])
            let shortened = element.replacingFirst("&lt;</Line>", with: "</Line>")
            guard shortened != element else { return nil }
            text.replaceSubrange(range, with: shortened)
        case .unknownElement:
            guard let range = firstElement("Surname", in: text) else { return nil }
            text.insert(contentsOf: "<Nickname>" + random.pick(["CHUY", "PEPE", "BUDDY", "SASHA"]) + "</Nickname>", at: range.upperBound)
        case .elementsOutOfOrder:
            guard let gender = firstLine(containing: "<Gender>", in: text),
                  let birth = firstLine(containing: "<DateOfBirth>", in: text), gender.upperBound == birth.lowerBound else { return nil }
            let swapped = String(text[birth]) + String(text[gender])
            text.replaceSubrange(gender.lowerBound..<birth.upperBound, with: swapped)
        case .timestampWithoutZone:
            guard let range = firstElement("CreatedAt", in: text) else { return nil }
            let value = text[range].dropFirst("<CreatedAt>".count).prefix(19)
            text.replaceSubrange(range, with: "<CreatedAt>" + value + "</CreatedAt>")
        case .missingSchemaVersion:
            let before = text
            text = text.replacingFirst(" schemaVersion=\"1.0\"", with: "")
            guard text != before else { return nil }
        case .doctype:
            let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            guard text.hasPrefix(declaration) else { return nil }
            text.insert(contentsOf: "<!DOCTYPE TravelerManifest [<!ENTITY x \"expanded\">]>\n", at: text.index(text.startIndex, offsetBy: declaration.count))
        case .notWellFormed:
            guard let range = firstElement("Surname", in: text) else { return nil }
            let element = String(text[range])
            text.replaceSubrange(range, with: element.replacingFirst("</Surname>", with: "</Surnam>"))
        default:
            return nil
        }
        return Array(text.utf8)
    }

    /// The range of the first `<name>…</name>` element.
    private static func firstElement(_ name: String, in text: String) -> Range<String.Index>? {
        guard let open = text.firstRange(of: "<" + name + ">"),
              let close = text[open.upperBound...].firstRange(of: "</" + name + ">") else { return nil }
        return open.lowerBound..<close.upperBound
    }

    /// The range of the first whole line (with its newline) containing `marker`.
    private static func firstLine(containing marker: String, in text: String) -> Range<String.Index>? {
        guard let hit = text.firstRange(of: marker) else { return nil }
        let start = text[..<hit.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        let end = text[hit.upperBound...].firstIndex(of: "\n").map { text.index(after: $0) } ?? text.endIndex
        return start..<end
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
