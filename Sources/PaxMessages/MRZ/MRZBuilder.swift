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
        let lines = MRZComposer.lines(
            format: format, documentCode: fields.documentCode, issuingState: fields.issuingState,
            documentNumber: fields.documentNumber, nationality: fields.nationality, dateOfBirth: fields.dateOfBirth,
            sex: fields.sex, dateOfExpiry: fields.dateOfExpiry, optionalData: fields.optionalData,
            optionalData2: fields.optionalData2
        ) { name in
            if !fields.primaryIdentifier.isEmpty { name.primary(fields.primaryIdentifier) }
            if !fields.secondaryIdentifier.isEmpty { name.secondary(fields.secondaryIdentifier) }
        }
        // Normalised fields hold only what the format takes, so this does not happen.
        guard let lines else { throw .notInFormat(field: .primaryIdentifier, format: format, value: fields.primaryIdentifier) }
        return lines
    }
}
