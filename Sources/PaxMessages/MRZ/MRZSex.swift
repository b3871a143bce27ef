/// The sex field of an MRZ: `M`, `F`, `X`, or `<` for unspecified.
///
/// Doc 9303 writes unspecified as `<` in the MRZ; several states print `X` there instead, so
/// both are kept apart rather than folded, and parse gives back what build wrote.
public enum MRZSex: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    case male = "M"
    case female = "F"
    case x = "X"
    case unspecified = "<"

    /// Reads user input: `M`, `F`, `X`, `<` (any case), or `male`, `female`, `unspecified`.
    public init?(code: String) {
        switch MRZAlphabet.uppercasedASCII(code) {
        case "M", "MALE": self = .male
        case "F", "FEMALE": self = .female
        case "X": self = .x
        case "<", "", "UNSPECIFIED": self = .unspecified
        default: return nil
        }
    }
}
