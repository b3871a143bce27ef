/// Something wrong with MRZ text other than a check digit: its shape, a character outside
/// the alphabet, or a field value that cannot be right. Lines and positions are 1-based.
public enum MRZProblem: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Neither 2 lines (TD3, MRV-A) nor 3 lines (TD1).
    case lineCount(found: Int)
    /// A recognised 9303 shape PaxSim does not read (2 x 36: TD2 or MRV-B).
    case unsupportedLayout(name: String)
    case lineLength(line: Int, expected: Int, found: Int)
    /// A character outside `[0-9A-Z<]` (lowercase, space, non-ASCII, ...).
    case invalidCharacter(line: Int, position: Int, character: String)
    /// Not a `YYMMDD` date (`<<` parts allowed in the date of birth only).
    case invalidDate(field: MRZField, value: String)
    /// Sex other than `M`, `F`, `X` or `<`.
    case invalidSex(line: Int, position: Int, character: String)

    public var description: String {
        switch self {
        case let .lineCount(found):
            "expected 2 lines (TD3, MRV-A) or 3 lines (TD1), found \(found)"
        case let .unsupportedLayout(name):
            "\(name) MRZs are not supported"
        case let .lineLength(line, expected, found):
            "line \(line): expected \(expected) characters, found \(found)"
        case let .invalidCharacter(line, position, character):
            "line \(line) position \(position): \(character.debugDescription) is not in [0-9A-Z<]"
        case let .invalidDate(field, value):
            "\(field.rawValue): \(value.debugDescription) is not a valid YYMMDD date"
        case let .invalidSex(line, position, character):
            "line \(line) position \(position): sex \(character.debugDescription) is not M, F, X or <"
        }
    }
}
