/// The UN/EDIFACT directories PAXLST is read and written in (UNH S009 version `D`, release).
public enum PAXLSTVersion: String, Sendable, Hashable, CaseIterable {
    case d02b = "D02B"
    case d05b = "D05B"
    case d15b = "D15B"

    /// What we write unless asked otherwise: the version most gateways take.
    public static let `default` = PAXLSTVersion.d05b

    /// The release in UNH and UNG, e.g. `05B`.
    public var release: String { String(rawValue.dropFirst()) }

    /// The version for a release written in UNH (`05B`), nil for one we do not map.
    public init?(release: String) {
        self.init(rawValue: "D" + release.uppercased())
    }
}
