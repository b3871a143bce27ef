/// Gender as recorded in the travel document (PAXLST ATT+2).
public enum Gender: String, Sendable, Hashable, Codable, CaseIterable {
    case male = "M"
    case female = "F"
    /// Unspecified or non-binary, as printed in the document (`X`).
    case unspecified = "X"
    /// Unknown, not reported.
    case unknown = "U"
}
