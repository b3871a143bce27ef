/// How manifests are written as PAXLST.
public struct PAXLSTWriteOptions: Sendable, Hashable {
    public var version: PAXLSTVersion
    /// Most segments in one message (UNH to UNT); longer lists are written as parts
    /// (UNH 0070 part number, 0073 `C` first / `F` last), each repeating the flight.
    public var maxSegmentsPerMessage: Int
    /// Line break after every segment (readable files); gateways accept both.
    public var lineBreaks: Bool

    public init(version: PAXLSTVersion = .default, maxSegmentsPerMessage: Int = 9_999, lineBreaks: Bool = true) {
        self.version = version
        self.maxSegmentsPerMessage = max(maxSegmentsPerMessage, 40)
        self.lineBreaks = lineBreaks
    }
}
