/// The data an MRZ carries, in readable form: codes without padding, names with spaces,
/// dates as `YYMMDD`.
///
/// `MRZBuilder` accepts any Unicode names and lowercase codes and normalises them;
/// `MRZParser` returns fields already in the normalised form, so
/// `parse(build(f, format)).fields == f.normalized(for: format)`.
public struct MRZDocumentFields: Sendable, Equatable, Hashable, Codable {
    /// Document code, one or two letters: `P`, `PD`, `I`, `ID`, `AC`, `V`, ...
    public var documentCode: String
    /// Issuing state or organisation, ICAO three-letter code (`UTO`, `SLV`, `USA`, `D`).
    public var issuingState: String
    /// Primary identifier (surname); components separated by spaces.
    public var primaryIdentifier: String
    /// Secondary identifier (given names); components separated by spaces.
    public var secondaryIdentifier: String
    /// Document number, `[0-9A-Z]`, any length the format can hold.
    public var documentNumber: String
    /// Nationality, ICAO three-letter code.
    public var nationality: String
    /// Date of birth, `YYMMDD`; unknown parts may be `<<`.
    public var dateOfBirth: String
    public var sex: MRZSex
    /// Date of expiry, `YYMMDD`.
    public var dateOfExpiry: String
    /// TD3: personal number (positions 29-42 of line 2). TD1: optional data of line 1
    /// (positions 16-30). MRV-A: optional data of line 2 (positions 29-44).
    public var optionalData: String
    /// TD1 only: optional data of line 2 (positions 19-29). Empty for other formats.
    public var optionalData2: String

    public init(
        documentCode: String,
        issuingState: String,
        primaryIdentifier: String,
        secondaryIdentifier: String,
        documentNumber: String,
        nationality: String,
        dateOfBirth: String,
        sex: MRZSex,
        dateOfExpiry: String,
        optionalData: String = "",
        optionalData2: String = ""
    ) {
        self.documentCode = documentCode
        self.issuingState = issuingState
        self.primaryIdentifier = primaryIdentifier
        self.secondaryIdentifier = secondaryIdentifier
        self.documentNumber = documentNumber
        self.nationality = nationality
        self.dateOfBirth = dateOfBirth
        self.sex = sex
        self.dateOfExpiry = dateOfExpiry
        self.optionalData = optionalData
        self.optionalData2 = optionalData2
    }

    /// The fields exactly as an MRZ of `format` represents them (what parsing the built MRZ
    /// gives back): codes uppercased without trailing `<`, names transliterated and truncated
    /// to the name field, optional data uppercased with spaces as `<` and no trailing `<`.
    /// Throws when a value cannot be written in `format`.
    public func normalized(for format: MRZFormat) throws(MRZBuildError) -> MRZDocumentFields {
        let layout = MRZLayout(format)
        var result = self

        result.documentCode = try Self.code(documentCode, field: .documentCode, maximum: 2)
        guard let first = result.documentCode.first, MRZAlphabet.isLetter(first) else {
            throw .notInFormat(field: .documentCode, format: format, value: documentCode)
        }
        switch format {
        case .mrvA where first != "V", .td3 where first == "V":
            throw .notInFormat(field: .documentCode, format: format, value: documentCode)
        default: break
        }
        result.issuingState = try Self.code(issuingState, field: .issuingState, maximum: 3)
        result.nationality = try Self.code(nationality, field: .nationality, maximum: 3)

        let primary = try MRZTransliteration.transliterate(primaryIdentifier, field: .primaryIdentifier)
        let secondary = try MRZTransliteration.transliterate(secondaryIdentifier, field: .secondaryIdentifier)
        let names = MRZNameField.decode(MRZNameField.encode(primary: primary, secondary: secondary, width: layout.name.length))
        result.primaryIdentifier = names.primary
        result.secondaryIdentifier = names.secondary

        result.documentNumber = MRZAlphabet.uppercasedASCII(documentNumber)
        for character in result.documentNumber where !(MRZAlphabet.isDigit(character) || MRZAlphabet.isLetter(character)) {
            throw .invalidCharacter(field: .documentNumber, character: String(character))
        }
        let numberLength = result.documentNumber.count
        guard numberLength <= format.maximumDocumentNumberLength else {
            throw .tooLong(field: .documentNumber, length: numberLength, maximum: format.maximumDocumentNumberLength)
        }

        for (field, value) in [(MRZField.dateOfBirth, dateOfBirth), (.dateOfExpiry, dateOfExpiry)] {
            guard MRZDate.isValid(value, allowUnknownParts: field == .dateOfBirth) else {
                throw .invalidDate(field: field, value: value)
            }
        }

        result.optionalData = try Self.free(optionalData, field: .optionalData)
        let overflow = numberLength > 9 ? numberLength - 9 + 2 : 0
        let room = layout.optionalData.length - overflow
        guard result.optionalData.count <= room else {
            throw .tooLong(field: .optionalData, length: result.optionalData.count, maximum: room)
        }
        result.optionalData2 = try Self.free(optionalData2, field: .optionalData2)
        if let span = layout.optionalData2 {
            guard result.optionalData2.count <= span.length else {
                throw .tooLong(field: .optionalData2, length: result.optionalData2.count, maximum: span.length)
            }
        } else if !result.optionalData2.isEmpty {
            throw .notInFormat(field: .optionalData2, format: format, value: optionalData2)
        }
        return result
    }

    /// A letter code: uppercased, `[A-Z<]`, trailing fillers dropped.
    private static func code(_ value: String, field: MRZField, maximum: Int) throws(MRZBuildError) -> String {
        let text = MRZAlphabet.trimmingTrailingFillers(MRZAlphabet.uppercasedASCII(value))
        for character in text where !(MRZAlphabet.isLetter(character) || character == MRZAlphabet.filler) {
            throw .invalidCharacter(field: field, character: String(character))
        }
        guard text.count <= maximum else { throw .tooLong(field: field, length: text.count, maximum: maximum) }
        return text
    }

    /// Free optional data: uppercased, spaces as `<`, `[0-9A-Z<]`, trailing fillers dropped.
    private static func free(_ value: String, field: MRZField) throws(MRZBuildError) -> String {
        let text = String(MRZAlphabet.uppercasedASCII(value).map { $0 == " " ? MRZAlphabet.filler : $0 })
        for character in text where !MRZAlphabet.isAllowed(character) {
            throw .invalidCharacter(field: field, character: String(character))
        }
        return MRZAlphabet.trimmingTrailingFillers(text)
    }
}
