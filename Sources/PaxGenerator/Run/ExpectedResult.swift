/// One line of `expected.tsv`: a file the run wrote and what `paxsim validate` must say
/// about it, in the format of `Samples/expected-results.tsv` (path, valid|invalid, codes).
public struct ExpectedResult: Sendable, Hashable {
    /// Relative to the output directory.
    public var path: String
    public var valid: Bool
    /// Every code reported, errors and warnings, in order; empty for a clean file.
    public var codes: [String]

    public init(path: String, valid: Bool, codes: [String]) {
        self.path = path
        self.valid = valid
        self.codes = codes
    }

    public var line: String {
        path + "\t" + (valid ? "valid" : "invalid") + (codes.isEmpty ? "" : "\t" + codes.joined(separator: " "))
    }

    /// The whole file, with a header saying what it is.
    static func file(_ results: [ExpectedResult]) -> [UInt8] {
        var text = "# Expected result of `paxsim validate` (default options) for every file paxsim generate wrote.\n"
        text += "# path (relative to this directory) <TAB> valid|invalid <TAB> the codes reported, in order (errors and warnings)\n"
        text += "# Files over 64 MiB are validated streaming: schema only, with a PAX-RULES-SKIPPED warning.\n"
        for result in results { text += result.line + "\n" }
        return Array(text.utf8)
    }
}
