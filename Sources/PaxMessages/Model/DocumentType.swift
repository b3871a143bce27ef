/// Travel document type code (PAXLST DOC document name code).
public enum DocumentType: String, Sendable, Hashable, Codable, CaseIterable {
    case passport = "P"
    case identityCard = "I"
    case visa = "V"
    case crewMemberCertificate = "AC"
    /// Approved non-standard (facilitation) travel document.
    case facilitationDocument = "F"
    case militaryIdentification = "M"
    case permanentResidentCard = "C"
    case residentAlienCard = "A"
    case pilotLicence = "L"
}
