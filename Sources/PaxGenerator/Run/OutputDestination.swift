/// Where a run's messages go.
public enum OutputDestination: Sendable, Hashable {
    /// One file per message in this directory (created if missing), each written atomically,
    /// plus `expected.tsv` for XML.
    case directory(String)
    /// Standard output: exactly one message.
    case standardOutput
}
