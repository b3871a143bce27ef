/// The ICAO Doc 9303 check digit: weights 7, 3, 1 repeating over the character values
/// (`0-9` = 0..9, `A-Z` = 10..35, `<` = 0), sum modulo 10.
///
/// A check digit catches every single-character change whose value differs modulo 10 (the
/// weights are coprime to 10); changes between characters of equal value modulo 10, such as
/// `<` and `0` or `A` and `0`, keep the same digit by construction.
public enum MRZCheckDigit {
    /// The repeating weights, applied from the first character.
    public static let weights = [7, 3, 1]

    /// Every character of the MRZ alphabet: `0-9`, `A-Z`, `<`.
    public static var alphabet: [Character] { MRZAlphabet.characters }

    /// The value of one MRZ character in the check-digit sum.
    public static func value(of character: Character) throws(MRZCheckDigitError) -> Int {
        guard let value = MRZAlphabet.value(of: character) else {
            throw .invalidCharacter(String(character), offset: 0)
        }
        return value
    }

    /// The check digit (0...9) of `data`; throws for a character outside `[0-9A-Z<]`.
    public static func compute(_ data: some Collection<Character>) throws(MRZCheckDigitError) -> Int {
        var sum = 0
        for (offset, character) in data.enumerated() {
            guard let value = MRZAlphabet.value(of: character) else {
                throw .invalidCharacter(String(character), offset: offset)
            }
            sum += value * weights[offset % 3]
        }
        return sum % 10
    }

    /// The check digit of `data` as the character written in the MRZ.
    public static func character(for data: some Collection<Character>) throws(MRZCheckDigitError) -> Character {
        digitCharacter(try compute(data))
    }

    /// Whether `checkDigit` is the check digit of `data`. A filler or letter as the check
    /// digit is simply wrong (false); characters outside the alphabet throw.
    public static func verify(_ data: some Collection<Character>, checkDigit: Character) throws(MRZCheckDigitError) -> Bool {
        let expected = try compute(data)
        guard MRZAlphabet.isAllowed(checkDigit) else {
            throw .invalidCharacter(String(checkDigit), offset: data.count)
        }
        return checkDigit == digitCharacter(expected)
    }

    /// The check digit of `cells` as its character, nil for a cell outside the alphabet
    /// (`compute` without the error, over any cells).
    static func expected<Cell: MRZCell>(_ cells: some Collection<Cell>) -> Character? {
        var sum = 0
        var weight = 0
        for cell in cells {
            guard let value = cell.mrzValue else { return nil }
            sum += value * (weight == 0 ? 7 : weight == 1 ? 3 : 1)
            weight = weight == 2 ? 0 : weight + 1
        }
        return digitCharacter(sum % 10)
    }

    static func digitCharacter(_ digit: Int) -> Character {
        Character(Unicode.Scalar(UInt8(0x30 + digit % 10)))
    }
}

/// Why a check digit could not be computed.
public enum MRZCheckDigitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `character` at zero-based `offset` is not in `[0-9A-Z<]`.
    case invalidCharacter(String, offset: Int)

    public var description: String {
        switch self {
        case let .invalidCharacter(character, offset):
            "character \(character.debugDescription) at offset \(offset) is not in the MRZ alphabet [0-9A-Z<]"
        }
    }
}
