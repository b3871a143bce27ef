/// Document numbers longer than 9 characters (ICAO Doc 9303 Part 5, 4.2.4, for TD1).
///
/// The first 9 characters fill the number field, its check-digit position holds `<`, and
/// the optional-data field starts with the remaining characters, then the check digit
/// (computed over the whole number), then one `<`; the state's own optional data follows.
/// Part 4 has no such rule for TD3; PaxSim applies the same mechanism to TD3's
/// personal-number field, which the personal-number and composite check digits still cover.
/// Visas (MRV-A) allow 9 characters at most.
enum MRZDocumentNumber {
    /// How the number was read from an MRZ.
    struct Reading<Cell: MRZCell> {
        var number: String
        /// The characters the check digit covers: the padded field, or the whole long number.
        var checkedData: [Cell]
        var checkDigit: Cell
        /// Where the check digit sits.
        var checkSpan: MRZSpan
        /// The optional data that follows the number's overflow (or the whole field).
        var optionalData: ArraySlice<Cell>
    }

    /// Reads the number; the long form is recognised only when it is well formed (check
    /// position `<`, a full 9-character field, then overflow characters, a digit and `<`),
    /// otherwise the short form is read and its check fails.
    static func read<Cell: MRZCell>(_ grid: MRZGrid<Cell>, layout: MRZLayout) -> Reading<Cell> {
        let field = grid[layout.documentNumber]
        let optional = grid[layout.optionalData]
        if layout.allowsLongDocumentNumber, grid.character(layout.documentNumberCheck) == Cell.filler,
           field.allSatisfy({ $0.isMRZDigit || $0.isMRZLetter }),
           let end = optional.firstIndex(of: Cell.filler), end - optional.startIndex >= 2,
           optional[optional.startIndex..<end].allSatisfy({ $0.isMRZDigit || $0.isMRZLetter }),
           optional[end - 1].isMRZDigit {
            let overflow = optional[optional.startIndex..<(end - 1)]
            let data = Array(field) + Array(overflow)
            return Reading(
                number: Cell.text(data),
                checkedData: data,
                checkDigit: optional[end - 1],
                checkSpan: MRZSpan(line: layout.optionalData.line, (end - 1)..<end),  // slice indices are line positions
                optionalData: optional[(end + 1)...]
            )
        }
        return Reading(
            number: MRZAlphabet.trimmingTrailingFillers(field),
            checkedData: Array(field),
            checkDigit: grid.character(layout.documentNumberCheck),
            checkSpan: layout.documentNumberCheck,
            optionalData: optional
        )
    }
}
