/// An MRZ read into fields, with the format its shape showed.
public struct MRZDocument: Sendable, Equatable, Hashable, Codable {
    public var format: MRZFormat
    public var fields: MRZDocumentFields

    public init(format: MRZFormat, fields: MRZDocumentFields) {
        self.format = format
        self.fields = fields
    }
}

/// Why MRZ text could not be read into fields: its shape, bad characters, or a sex code
/// outside `M`, `F`, `X`, `<`.
public struct MRZParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [MRZProblem]

    public init(problems: [MRZProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "; ") }
}

/// Reads MRZ lines back into `MRZDocumentFields`, the inverse of `MRZBuilder`.
///
/// Parsing is structural: it needs the right shape and alphabet but does not judge check
/// digits or dates (use `MRZVerifier` for those). Codes and optional data lose their
/// trailing `<`, names come back with spaces between components, and a long document number
/// is reassembled from its overflow (see `MRZDocumentNumber`).
public enum MRZParser {
    /// The document the lines encode.
    public static func parse(_ lines: [String]) throws(MRZParseError) -> MRZDocument {
        try parse(MRZStructure.read(lines))
    }

    /// The document of lines already read (`MRZVerifier` reads them once for both).
    static func parse(_ reading: MRZStructure.Reading) throws(MRZParseError) -> MRZDocument {
        guard reading.problems.isEmpty, let format = reading.format, let grid = reading.grid else {
            throw MRZParseError(problems: reading.problems)
        }
        switch grid {
        case .bytes(let grid): return try parse(grid, format: format)
        case .characters(let grid): return try parse(grid, format: format)
        }
    }

    static func parse<Cell: MRZCell>(_ grid: MRZGrid<Cell>, format: MRZFormat) throws(MRZParseError) -> MRZDocument {
        let layout = MRZLayout.of(format)
        let sexText = String(grid.character(layout.sex).character)
        guard let sex = MRZSex(rawValue: sexText) else {
            throw MRZParseError(problems: [.invalidSex(line: layout.sex.line + 1, position: layout.sex.start + 1, character: sexText)])
        }
        let number = MRZDocumentNumber.read(grid, layout: layout)
        let names = MRZNameField.decode(grid[layout.name])
        let fields = MRZDocumentFields(
            documentCode: MRZAlphabet.trimmingTrailingFillers(grid[layout.documentCode]),
            issuingState: MRZAlphabet.trimmingTrailingFillers(grid[layout.issuingState]),
            primaryIdentifier: names.primary,
            secondaryIdentifier: names.secondary,
            documentNumber: number.number,
            nationality: MRZAlphabet.trimmingTrailingFillers(grid[layout.nationality]),
            dateOfBirth: grid.text(layout.dateOfBirth),
            sex: sex,
            dateOfExpiry: grid.text(layout.dateOfExpiry),
            optionalData: MRZAlphabet.trimmingTrailingFillers(number.optionalData),
            optionalData2: layout.optionalData2.map { MRZAlphabet.trimmingTrailingFillers(grid[$0]) } ?? ""
        )
        return MRZDocument(format: format, fields: fields)
    }

    /// Parses MRZ text with one line per text line; blank lines and surrounding whitespace
    /// on each line are ignored (scanned or pasted MRZs often carry them).
    public static func parse(text: String) throws(MRZParseError) -> MRZDocument {
        try parse(MRZText.lines(of: text))
    }
}
