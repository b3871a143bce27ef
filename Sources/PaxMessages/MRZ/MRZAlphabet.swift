/// The MRZ character set of ICAO Doc 9303 Part 3: `0-9`, `A-Z` and the filler `<`.
///
/// Every other character (lowercase, spaces, non-ASCII) is outside the alphabet; code that
/// reads MRZ text asks here instead of assuming ASCII, so hostile input never traps.
enum MRZAlphabet {
    static let filler: Character = "<"

    /// Every character allowed in an MRZ, in check-digit value order except the filler last.
    static let characters: [Character] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<")

    /// The ASCII code of a single-scalar ASCII character, nil otherwise. (`"\r\n"` is one
    /// `Character` whose `asciiValue` is 10, so check the scalar count too.)
    static func ascii(_ character: Character) -> UInt8? {
        let scalars = character.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first, scalar.isASCII else { return nil }
        return UInt8(scalar.value)
    }

    /// The check-digit value: `0-9` are 0..9, `A-Z` are 10..35, `<` is 0; nil outside the alphabet.
    static func value(of character: Character) -> Int? {
        guard let code = ascii(character) else { return nil }
        switch code {
        case 0x30...0x39: return Int(code - 0x30)
        case 0x41...0x5A: return Int(code - 0x41) + 10
        case 0x3C: return 0
        default: return nil
        }
    }

    static func isAllowed(_ character: Character) -> Bool { value(of: character) != nil }

    static func isDigit(_ character: Character) -> Bool {
        guard let code = ascii(character) else { return false }
        return (0x30...0x39).contains(code)
    }

    static func isLetter(_ character: Character) -> Bool {
        guard let code = ascii(character) else { return false }
        return (0x41...0x5A).contains(code)
    }

    /// `text` uppercased where it is ASCII; other characters are left for the caller to reject.
    static func uppercasedASCII(_ text: String) -> String {
        String(text.map { character -> Character in
            if let code = ascii(character), (0x61...0x7A).contains(code) {
                return Character(Unicode.Scalar(code - 0x20))
            }
            return character
        })
    }

    /// `cells` without its trailing fillers.
    static func trimmedCells<C: BidirectionalCollection>(_ cells: C) -> C.SubSequence where C.Element: MRZCell {
        var end = cells.endIndex
        while end > cells.startIndex {
            let before = cells.index(before: end)
            guard cells[before] == C.Element.filler else { break }
            end = before
        }
        return cells[cells.startIndex..<end]
    }

    /// `cells` without its trailing fillers, as text.
    static func trimmingTrailingFillers<C: BidirectionalCollection>(_ cells: C) -> String where C.Element: MRZCell {
        C.Element.text(trimmedCells(cells))
    }
}
