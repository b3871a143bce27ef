/// The name field: primary identifier, `<<`, secondary identifier, padded or truncated.
///
/// Truncation is a plain cut at the field width (Doc 9303 Part 3's finer rules, which shorten
/// given names first, are not applied). Decoding reads the first `<<` as the separator and
/// returns the components joined by spaces, so decode(encode(x)) is the MRZ's view of x.
enum MRZNameField {
    /// The field text, exactly `width` characters, from names already in MRZ form.
    static func encode(primary: String, secondary: String, width: Int) -> [Character] {
        var text = Array(primary)
        if !secondary.isEmpty {
            text += [MRZAlphabet.filler, MRZAlphabet.filler] + Array(secondary)
        }
        if text.count > width { text.removeLast(text.count - width) }
        return text + Array(repeating: MRZAlphabet.filler, count: width - text.count)
    }

    /// The (primary, secondary) names, components separated by single spaces.
    static func decode<C: BidirectionalCollection>(_ field: C) -> (primary: String, secondary: String) where C.Element: MRZCell {
        let text = Array(MRZAlphabet.trimmedCells(field))
        var split = text.count
        var index = 0
        while index + 1 < text.count {
            if text[index] == C.Element.filler, text[index + 1] == C.Element.filler {
                split = index
                break
            }
            index += 1
        }
        let primary = text[..<split]
        let secondary = split < text.count ? text[(split + 2)...] : []
        return (readable(primary), readable(secondary))
    }

    private static func readable<Cell: MRZCell>(_ cells: ArraySlice<Cell>) -> String {
        var joined: [Cell] = []
        joined.reserveCapacity(cells.count)
        for component in cells.split(separator: Cell.filler) {
            if !joined.isEmpty { joined.append(Cell.space) }
            joined.append(contentsOf: component)
        }
        return Cell.text(joined)
    }
}
