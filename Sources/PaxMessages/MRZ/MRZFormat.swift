/// The MRZ layouts PaxSim reads and writes (ICAO Doc 9303 Parts 4, 5 and 7).
public enum MRZFormat: String, Sendable, Equatable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Passport booklet, Part 4: 2 lines of 44.
    case td3
    /// Identity card, Part 5: 3 lines of 30.
    case td1
    /// Full-size visa, Part 7: 2 lines of 44, no personal-number or composite check digit.
    case mrvA = "mrva"

    public var lineCount: Int {
        switch self {
        case .td3, .mrvA: 2
        case .td1: 3
        }
    }

    public var lineLength: Int {
        switch self {
        case .td3, .mrvA: 44
        case .td1: 30
        }
    }

    /// The longest document number the layout can hold (Part 5's overflow into the optional
    /// data for TD1; the same mechanism for TD3, see `MRZBuilder`; none for visas).
    public var maximumDocumentNumberLength: Int {
        switch self {
        case .td3: 9 + 14 - 2
        case .td1: 9 + 15 - 2
        case .mrvA: 9
        }
    }

    public var description: String {
        switch self {
        case .td3: "TD3"
        case .td1: "TD1"
        case .mrvA: "MRV-A"
        }
    }
}
