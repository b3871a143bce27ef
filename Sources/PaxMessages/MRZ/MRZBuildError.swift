/// Why a set of fields cannot be written as an MRZ of the requested format.
public enum MRZBuildError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A character with no MRZ form (after uppercasing and, for names, transliteration).
    case invalidCharacter(field: MRZField, character: String)
    /// The value does not fit its field (names never throw this: they are truncated).
    case tooLong(field: MRZField, length: Int, maximum: Int)
    /// Not a `YYMMDD` date (a date of birth may have `<<` for unknown parts).
    case invalidDate(field: MRZField, value: String)
    /// The field or value has no place in this format (e.g. a second optional-data field in
    /// a TD3, a non-`V` code in a visa, a `V` code in a TD3).
    case notInFormat(field: MRZField, format: MRZFormat, value: String)

    public var description: String {
        switch self {
        case let .invalidCharacter(field, character):
            "\(field.rawValue): character \(character.debugDescription) cannot be written in an MRZ"
        case let .tooLong(field, length, maximum):
            "\(field.rawValue): \(length) characters, at most \(maximum) fit"
        case let .invalidDate(field, value):
            "\(field.rawValue): \(value.debugDescription) is not a YYMMDD date"
        case let .notInFormat(field, format, value):
            "\(field.rawValue): \(value.debugDescription) cannot be written in a \(format) MRZ"
        }
    }
}
