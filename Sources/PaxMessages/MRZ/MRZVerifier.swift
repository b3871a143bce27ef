/// The full report on MRZ text: every check digit, every problem, and the fields when they
/// could be read.
public struct MRZVerification: Sendable, Equatable, Hashable, Codable {
    /// The format the text's shape showed; nil when the shape fits none.
    public var format: MRZFormat?
    /// Every check digit of the format, in MRZ order; empty when the shape is wrong.
    public var checks: [MRZCheck]
    public var problems: [MRZProblem]
    /// The fields, when the text parses (right shape, alphabet and sex code).
    public var document: MRZDocument?

    public init(format: MRZFormat?, checks: [MRZCheck], problems: [MRZProblem], document: MRZDocument?) {
        self.format = format
        self.checks = checks
        self.problems = problems
        self.document = document
    }

    /// True when there are no problems and every check digit is right.
    public var isValid: Bool { problems.isEmpty && !checks.isEmpty && checks.allSatisfy(\.passed) }

    public var failedChecks: [MRZCheck] { checks.filter { !$0.passed } }

    /// The result of the named check, if the format has it and the shape allowed checking.
    public func check(_ name: MRZCheck.Name) -> MRZCheck? { checks.first { $0.name == name } }
}

/// Checks MRZ text against ICAO Doc 9303 and reports, never throws: wrong line count or
/// lengths, characters outside `[0-9A-Z<]` with their position, impossible dates or sex
/// codes, and each check digit with the expected and found digit.
public enum MRZVerifier {
    public static func verify(_ lines: [String]) -> MRZVerification {
        let reading = MRZStructure.read(lines)
        guard let format = reading.format, let grid = reading.grid else {
            return MRZVerification(format: reading.format, checks: [], problems: reading.problems, document: nil)
        }
        var verification: MRZVerification
        switch grid {
        case .bytes(let grid): verification = verify(grid, format: format, problems: reading.problems)
        case .characters(let grid): verification = verify(grid, format: format, problems: reading.problems)
        }
        // Parsed from the same reading (the structure is read once).
        verification.document = try? MRZParser.parse(reading)
        return verification
    }

    /// The checks and problems of a grid (the document is left to the caller).
    static func verify<Cell: MRZCell>(_ grid: MRZGrid<Cell>, format: MRZFormat, problems: [MRZProblem]) -> MRZVerification {
        let layout = MRZLayout.of(format)
        var problems = problems

        var checks: [MRZCheck] = []
        checks.reserveCapacity(5)
        let number = MRZDocumentNumber.read(grid, layout: layout)
        checks.append(check(.documentNumber, number.checkedData, found: number.checkDigit, at: number.checkSpan))
        checks.append(check(.dateOfBirth, grid[layout.dateOfBirth], in: grid, at: layout.dateOfBirthCheck))
        checks.append(check(.dateOfExpiry, grid[layout.dateOfExpiry], in: grid, at: layout.dateOfExpiryCheck))
        if let span = layout.optionalDataCheck {
            let data = grid[layout.optionalData]
            let found = grid.character(span).character
            if data.allSatisfy({ $0 == Cell.filler }) {
                // 9303: an all-filler personal number may have `<` or `0` as its check digit.
                let expected = found == "0" ? "0" : String(MRZAlphabet.filler)
                checks.append(MRZCheck(name: .personalNumber, line: span.line + 1, position: span.start + 1, expected: expected, found: String(found)))
            } else {
                checks.append(check(.personalNumber, data, in: grid, at: span))
            }
        }
        if let span = layout.composite {
            checks.append(check(.composite, grid.joined(layout.compositeCovers), in: grid, at: span))
        }

        if !MRZDate.isValid(cells: grid[layout.dateOfBirth], allowUnknownParts: true) {
            problems.append(.invalidDate(field: .dateOfBirth, value: grid.text(layout.dateOfBirth)))
        }
        if !MRZDate.isValid(cells: grid[layout.dateOfExpiry], allowUnknownParts: false) {
            problems.append(.invalidDate(field: .dateOfExpiry, value: grid.text(layout.dateOfExpiry)))
        }
        let sex = grid.character(layout.sex)
        if sex.mrzValue != nil, MRZSex(rawValue: String(sex.character)) == nil {
            problems.append(.invalidSex(line: layout.sex.line + 1, position: layout.sex.start + 1, character: String(sex.character)))
        }
        return MRZVerification(format: format, checks: checks, problems: problems, document: nil)
    }

    /// Verifies MRZ text with one line per text line (blank lines and surrounding
    /// whitespace ignored).
    public static func verify(text: String) -> MRZVerification {
        verify(MRZText.lines(of: text))
    }

    private static func check<Cell: MRZCell>(_ name: MRZCheck.Name, _ data: some Collection<Cell>, in grid: MRZGrid<Cell>, at span: MRZSpan) -> MRZCheck {
        check(name, data, found: grid.character(span), at: span)
    }

    private static func check<Cell: MRZCell>(_ name: MRZCheck.Name, _ data: some Collection<Cell>, found: Cell, at span: MRZSpan) -> MRZCheck {
        let expected = MRZCheckDigit.expected(data).map { String($0) }
        return MRZCheck(name: name, line: span.line + 1, position: span.start + 1, expected: expected, found: String(found.character))
    }
}
