public import SafeXML
public import PaxMessages

/// How `paxsim validate` treats its inputs.
public struct ValidationOptions: Sendable {
    public enum Streaming: Sendable, Hashable {
        /// Stream files larger than the threshold (bytes), and every input when no business
        /// rules run (only they need a tree; streaming is faster and bounded in memory).
        case automatic(threshold: Int)
        /// Stream everything (bounded memory, no business rules).
        case always
        /// Parse every input as a tree (up to the size limit).
        case never
    }

    /// A schema given explicitly; when nil, each document's root picks one from `catalogue`.
    public var schema: XMLSchema?
    public var catalogue: SchemaCatalogue
    /// Run business rules after the schema (catalogue message types only).
    public var runRules: Bool
    public var streaming: Streaming
    public var limits: ParseLimits
    /// Files validated at once; defaults to the number of cores.
    public var jobs: Int

    public init(schema: XMLSchema? = nil, catalogue: SchemaCatalogue, runRules: Bool = true,
                streaming: Streaming = .automatic(threshold: 64 << 20), limits: ParseLimits = .default,
                jobs: Int = 0) {
        self.schema = schema
        self.catalogue = catalogue
        self.runRules = runRules
        self.streaming = streaming
        self.limits = limits
        self.jobs = jobs
    }

    /// Whether an input of `size` bytes (nil: standard input, size unknown) is streamed.
    public func streams(size: Int?) -> Bool {
        switch streaming {
        case .always: return true
        case .never: return false
        case .automatic(let threshold): return !runRules || (size ?? 0) > threshold
        }
    }
}

/// Codes for problems `paxsim validate` reports itself.
public enum ConformanceCode {
    public static let unknownMessageType = "PAX-UNKNOWN-TYPE"
    public static let noSchema = "PAX-NO-SCHEMA"
    public static let rulesSkipped = "PAX-RULES-SKIPPED"
}
