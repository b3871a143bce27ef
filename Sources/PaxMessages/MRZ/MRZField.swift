/// Names the data fields of an MRZ, for errors and problems that point at one of them.
public enum MRZField: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    case documentCode
    case issuingState
    case primaryIdentifier
    case secondaryIdentifier
    case documentNumber
    case nationality
    case dateOfBirth
    case sex
    case dateOfExpiry
    case optionalData
    case optionalData2
}
