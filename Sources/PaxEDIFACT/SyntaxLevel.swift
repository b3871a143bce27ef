/// The character repertoire an interchange declares in UNB S001 0001 (`UNOA`, `UNOB`, ...).
///
/// UNOA is upper-case letters, digits, space and `. , - ( ) / = ' + : ? ! " % & * ; < >`.
/// UNOB adds lower case and the rest of printable ASCII. UNOC is ISO 8859-1, read as UTF-8
/// when the bytes are valid UTF-8 (as many senders do) and as Latin-1 otherwise. UNOW is UTF-8.
public enum SyntaxLevel: String, Sendable, Hashable, CaseIterable {
    case unoa = "UNOA"
    case unob = "UNOB"
    case unoc = "UNOC"
    case unoy = "UNOY"
    case unow = "UNOW"

    /// Whether `byte` may appear in data under this level (after release characters are removed).
    public func allows(_ byte: UInt8) -> Bool {
        switch self {
        case .unoa: Self.unoaTable[Int(byte)]
        case .unob: byte >= 0x20 && byte <= 0x7E
        case .unoc: (byte >= 0x20 && byte <= 0x7E) || byte >= 0xA0 || Self.isUTF8Continuation(byte)
        case .unoy, .unow: byte >= 0x20 && byte != 0x7F
        }
    }

    /// For each byte: ASCII and allowed by this level, so a value made only of such bytes needs
    /// no further check (what the lexer tests first).
    var plainASCII: [Bool] {
        switch self {
        case .unoa: Self.plainUNOA
        case .unob: Self.plainUNOB
        case .unoc: Self.plainUNOC
        case .unoy: Self.plainUNOY
        case .unow: Self.plainUNOW
        }
    }

    private static func plainTable(_ level: SyntaxLevel) -> [Bool] {
        (0..<256).map { $0 < 0x80 && level.allows(UInt8($0)) }
    }

    private static let plainUNOA = plainTable(.unoa)
    private static let plainUNOB = plainTable(.unob)
    private static let plainUNOC = plainTable(.unoc)
    private static let plainUNOY = plainTable(.unoy)
    private static let plainUNOW = plainTable(.unow)

    /// Whether `byte` is a lower-case ASCII letter: the most common deviation under UNOA,
    /// which lenient reading accepts with a warning.
    static func isLowerCaseLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }

    private static func isUTF8Continuation(_ byte: UInt8) -> Bool { byte >= 0x80 }

    private static let unoaTable: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for character in " .,-()/='+:?!\"%&*;<>".utf8 { table[Int(character)] = true }
        return table
    }()

    /// The smallest level in which every byte of `text` is allowed.
    public static func smallest(for text: some Sequence<UInt8>) -> SyntaxLevel {
        var level = SyntaxLevel.unoa
        for byte in text {
            if level == .unoa, !SyntaxLevel.unoa.allows(byte) { level = .unob }
            if level == .unob, !SyntaxLevel.unob.allows(byte) { return .unoc }
        }
        return level
    }
}
