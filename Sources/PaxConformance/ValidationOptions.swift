public import SafeXML
public import PaxMessages
public import PaxEDIFACTMapping
public import PaxEDIFACT

/// How `paxsim validate` treats its inputs.
public struct ValidationOptions: Sendable {
    public enum Streaming: Sendable, Hashable {
        /// Stream files larger than the threshold (bytes). When no business rule will run
        /// (`--schema-only`, or a schema of the user's), stream every file (faster, no tree)
        /// and check an invalid one again as a tree when it is within the threshold, so its
        /// diagnostics carry exact columns and element positions.
        case automatic(threshold: Int)
        /// Stream everything (bounded memory, no business rules).
        case always
        /// Parse every input as a tree (up to the size limit).
        case never
    }

    /// A schema given explicitly; when nil, each document's root picks one from `catalogue`.
    public var schema: XMLSchema?
    public var catalogue: SchemaCatalogue
    /// Run business rules after the schema (catalogue message types only: never with an
    /// explicit `schema`, see `rulesWillRun`).
    public var runRules: Bool
    public var streaming: Streaming
    public var limits: ParseLimits
    /// Files validated at once; defaults to the number of cores.
    public var jobs: Int
    /// The airports' UTC offsets for PAXLST schedules (local times in DTM 189/232), so a
    /// converted EDIFACT manifest meets the same leg rules as XML; `paxsim` passes the
    /// generator's airport table.
    public var airportClock: any AirportClock = UnknownAirportClock()
    /// EDIFACT inputs: check syntax and envelopes only (lexing, syntax level, limits, UNB/UNZ,
    /// UNG/UNE, UNH/UNT counts and references), streamed, without the PAXLST mapping, schema
    /// or rules. XML inputs are unaffected (`paxsim validate --syntax-only` also turns rules off).
    public var syntaxOnly = false
    /// How EDIFACT inputs are read: lenient (the default: envelope count and reference
    /// mismatches, telex envelopes and wrapping are warnings) or strict (they are errors).
    public var edifactReader = ReaderOptions.lenient

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

    /// Whether business rules can run at all: they are asked for and each document's schema
    /// comes from the catalogue (rules exist only for its message types).
    public var rulesWillRun: Bool { runRules && schema == nil }

    /// Whether an input of `size` bytes (nil: standard input, which cannot be read twice and
    /// so is streamed only when asked) is streamed.
    public func streams(size: Int?) -> Bool {
        switch streaming {
        case .always: return true
        case .never: return false
        case .automatic(let threshold):
            guard let size else { return false }
            return !rulesWillRun || size > threshold
        }
    }

    /// Whether a streamed file of `size` bytes found invalid is checked again as a tree.
    public func rechecksInvalidAsTree(size: Int) -> Bool {
        guard case .automatic(let threshold) = streaming else { return false }
        return size <= threshold
    }
}

/// Codes for problems `paxsim validate` reports itself.
public enum ConformanceCode {
    public static let unknownMessageType = "PAX-UNKNOWN-TYPE"
    public static let noSchema = "PAX-NO-SCHEMA"
    public static let rulesSkipped = "PAX-RULES-SKIPPED"
}
