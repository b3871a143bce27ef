/// Writes MRZ lines from document fields, with every check digit.
///
/// Check digits: document number, date of birth, date of expiry, TD3's personal number
/// (`<` when the field is all filler; 9303 allows `<` or `0`), and the composite (TD3: line 2
/// positions 1-10, 14-20, 22-43; TD1: line 1 positions 6-30, line 2 positions 1-7, 9-15,
/// 19-29). Long document numbers: see `MRZDocumentNumber`.
public enum MRZBuilder {
    /// The MRZ lines of `fields` in `format` (2 x 44 for TD3 and MRV-A, 3 x 30 for TD1).
    /// Names are transliterated and truncated; anything else that does not fit throws.
    public static func build(_ fields: MRZDocumentFields, format: MRZFormat) throws(MRZBuildError) -> [String] {
        let fields = try fields.normalized(for: format)
        let layout = MRZLayout(format)
        var grid = MRZGrid(format: format)

        grid.write(Array(fields.documentCode), at: layout.documentCode)
        grid.write(Array(fields.issuingState), at: layout.issuingState)
        let primary = fields.primaryIdentifier.map { $0 == " " ? MRZAlphabet.filler : $0 }
        let secondary = fields.secondaryIdentifier.map { $0 == " " ? MRZAlphabet.filler : $0 }
        grid.write(MRZNameField.encode(primary: String(primary), secondary: String(secondary), width: layout.name.length), at: layout.name)
        MRZDocumentNumber.write(number: fields.documentNumber, optionalData: fields.optionalData, into: &grid, layout: layout)
        grid.write(Array(fields.nationality), at: layout.nationality)
        grid.write(Array(fields.dateOfBirth), at: layout.dateOfBirth)
        grid.write([check(grid[layout.dateOfBirth])], at: layout.dateOfBirthCheck)
        grid.write([Character(fields.sex.rawValue)], at: layout.sex)
        grid.write(Array(fields.dateOfExpiry), at: layout.dateOfExpiry)
        grid.write([check(grid[layout.dateOfExpiry])], at: layout.dateOfExpiryCheck)
        if let span = layout.optionalData2 {
            grid.write(Array(fields.optionalData2), at: span)
        }
        if let span = layout.optionalDataCheck {
            let data = grid[layout.optionalData]
            let allFiller = data.allSatisfy { $0 == MRZAlphabet.filler }
            grid.write([allFiller ? MRZAlphabet.filler : check(data)], at: span)
        }
        if let span = layout.composite {
            grid.write([check(grid.joined(layout.compositeCovers))], at: span)
        }
        return grid.text
    }

    /// Normalised fields hold only MRZ characters, so this never falls back.
    private static func check(_ data: some Collection<Character>) -> Character {
        (try? MRZCheckDigit.character(for: data)) ?? MRZAlphabet.filler
    }
}
