/// One position of MRZ text as the readers see it: a `Character` in general, or a byte when
/// every line is plain MRZ alphabet (the usual case, read without grapheme breaking or
/// string building per character). Parser and verifier are written once over this protocol,
/// so both forms give the same results.
protocol MRZCell: Equatable, Sendable {
    /// The filler `<`.
    static var filler: Self { get }
    /// A space, for names read back with spaces between components.
    static var space: Self { get }
    /// The check-digit value: `0-9` are 0..9, `A-Z` are 10..35, `<` is 0; nil outside the alphabet.
    var mrzValue: Int? { get }
    var isMRZDigit: Bool { get }
    var isMRZLetter: Bool { get }
    /// The cell as a character (for problems and check results).
    var character: Character { get }
    /// The cells as a string.
    static func text(_ cells: some Collection<Self>) -> String
}

extension Character: MRZCell {
    static var filler: Character { MRZAlphabet.filler }
    static var space: Character { " " }
    var mrzValue: Int? { MRZAlphabet.value(of: self) }
    var isMRZDigit: Bool { MRZAlphabet.isDigit(self) }
    var isMRZLetter: Bool { MRZAlphabet.isLetter(self) }
    var character: Character { self }
    static func text(_ cells: some Collection<Character>) -> String { String(cells) }
}

extension UInt8: MRZCell {
    static var filler: UInt8 { 0x3C }
    static var space: UInt8 { 0x20 }

    var mrzValue: Int? {
        switch self {
        case 0x30...0x39: Int(self - 0x30)
        case 0x41...0x5A: Int(self - 0x41) + 10
        case 0x3C: 0
        default: nil
        }
    }

    var isMRZDigit: Bool { (0x30...0x39).contains(self) }
    var isMRZLetter: Bool { (0x41...0x5A).contains(self) }
    /// Only MRZ-alphabet bytes are ever read as cells, so the byte is one ASCII scalar.
    var character: Character { Character(Unicode.Scalar(self)) }

    static func text(_ cells: some Collection<UInt8>) -> String {
        cells.withContiguousStorageIfAvailable { String(decoding: $0, as: UTF8.self) } ?? String(decoding: Array(cells), as: UTF8.self)
    }
}

extension MRZAlphabet {
    /// Whether every byte of `text` is in the alphabet `[0-9A-Z<]` (then each byte is one
    /// character of the text).
    static func isAlphabetOnly(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.allSatisfy { $0.mrzValue != nil } }
    }
}
