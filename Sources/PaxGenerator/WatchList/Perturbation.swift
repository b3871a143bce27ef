/// How a planted traveller differs from the watch-list entry that should find them: what
/// the risk engine's matcher must see through. Raw values are the ground truth's labels.
public enum Perturbation: String, Sendable, Hashable, CaseIterable {
    /// One letter of a name substituted, dropped, doubled or swapped with its neighbour.
    case typo
    /// Surname and given names exchanged on the list.
    case swappedOrder
    /// The list writes the name in its own script (Cyrillic, Arabic) or another Latin
    /// transliteration (`MUHAMMAD` for `MOHAMMED`, `WONG` for `WANG`).
    case transliteration
    /// Day and month of birth exchanged on the list.
    case dobDayMonthSwap
    /// A middle name (or patronymic) on one side only.
    case missingMiddleName
    /// Same name and date of birth.
    case exact

    /// What the planted traveller must allow.
    var requirement: TravelerStream.PlantRequirement {
        switch self {
        case .transliteration: .otherScript
        case .dobDayMonthSwap: .swappableBirthDate
        default: .any
        }
    }
}
