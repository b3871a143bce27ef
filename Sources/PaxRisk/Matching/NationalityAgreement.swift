/// Whether a traveller's nationality is among those a watch-list entry lists.
public enum NationalityAgreement: String, Sendable, Hashable, Codable, CaseIterable {
    case agree
    /// The entry lists nationalities and the traveller's is not one of them (weak evidence:
    /// people hold several nationalities and lists are incomplete).
    case disagree
    /// The entry lists none.
    case unknown
}
