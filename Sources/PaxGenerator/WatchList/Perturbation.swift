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
    /// The list writes as one word a surname the document writes in several (`HERNANDEZ LOPEZ`
    /// → `HERNANDEZLOPEZ`, `DE LA CRUZ` → `DELACRUZ`), or else compound given names.
    case joined
    /// The list splits a name the document writes as one word at a particle or compound
    /// prefix (`ABDELRAHMAN` → `ABDEL RAHMAN`, `MACDONALD` → `MAC DONALD`, `DELGADO` → `DEL GADO`).
    case split
    /// The list hyphenates: the words of a compound surname (`GARCIA LOPEZ` → `GARCIA-LOPEZ`),
    /// or a one-word name at a particle or compound prefix (`ALHASSAN` → `AL-HASSAN`).
    case hyphenated

    /// The six kinds planted since the first version, in their original order. `WatchListPlanter`
    /// deals these unless told otherwise, so a seeded run (the simulator's traffic) plants the
    /// same subjects as before; `paxsim generate` deals `allCases`.
    public static let classic: [Perturbation] = [.typo, .swappedOrder, .transliteration, .dobDayMonthSwap, .missingMiddleName, .exact]

    /// What the planted traveller must allow.
    var requirement: TravelerStream.PlantRequirement {
        switch self {
        case .transliteration: .otherScript
        case .dobDayMonthSwap: .swappableBirthDate
        default: .any
        }
    }
}
