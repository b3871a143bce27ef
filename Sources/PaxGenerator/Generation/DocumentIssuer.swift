import PaxMessages

/// Issues a traveller's documents: numbers unique in the run, issue and expiry dates that
/// keep the document valid for the journey and the stay after it, and an MRZ composed from
/// the same fields the manifest carries (when the draft is rendered).
struct DocumentIssuer {
    let seed: UInt64
    /// The number formats met so far, in the order met: a list's documents come from a
    /// handful of issuers, the commonest met first, so a short scan beats hashing two
    /// strings per document.
    private var formats: [(key: FormatKey, format: SerialNumberFormat)] = []
    private struct FormatKey: Equatable {
        var issuer: CountryCode
        var type: DocumentType
        var pattern: String
    }

    init(seed: UInt64) { self.seed = seed }

    /// What a document says about its holder.
    struct Holder: Sendable {
        var name: PersonName
        var sex: Gender
        /// The MRZ sex for `X`: `X` or `<` as the issuing state prints it.
        var mrzSex: MRZSex
        var birth: CalendarDate
        var nationality: CountryCode
    }

    /// Kinds of document and the MRZ layout each is printed with.
    enum Kind: Sendable {
        case passport
        case identityCard(code: String)
        case visa
        case crewCertificate
        case pilotLicence
        case residentCard(DocumentType)

        var type: DocumentType {
            switch self {
            case .passport: .passport
            case .identityCard: .identityCard
            case .visa: .visa
            case .crewCertificate: .crewMemberCertificate
            case .pilotLicence: .pilotLicence
            case .residentCard(let type): type
            }
        }
    }

    /// A document of `kind` from `issuer`, numbered by `serial` in `numberFormat`, with an
    /// MRZ when `withMRZ` and the kind has one.
    mutating func issue(_ kind: Kind, to holder: Holder, issuer: CountryCode, numberFormat: String, serial: UInt64,
                        validityYears: Int, journey: Journey, withMRZ: Bool, random: inout SeededRandom) -> DocumentDraft {
        let key = FormatKey(issuer: issuer, type: kind.type, pattern: numberFormat)
        let format: SerialNumberFormat
        if let position = formats.firstIndex(where: { $0.key == key }) {
            format = formats[position].format
        } else {
            format = SerialNumberFormat(numberFormat, seed: seed, key: issuer.rawValue + "/" + kind.type.rawValue + "/" + numberFormat)
            formats.append((key, format))
        }
        let expiry = Self.expiry(birth: holder.birth, journey: journey, validityYears: validityYears, random: &random)
        return DocumentDraft(kind: kind, number: format.number(serial), issuer: issuer, expiry: expiry,
                             mrz: withMRZ ? Self.mrzLayout(kind) : nil)
    }

    /// The MRZ lines of `document`: composed from the names' MRZ forms worked out once per
    /// corpus name; built by `MRZBuilder` (which transliterates) for a name without a clean MRZ form.
    static func mrzLines(code: String, format: MRZFormat, document: DocumentDraft, holder: Holder) -> [String] {
        composedMRZ(code: code, issuer: document.issuer.rawValue, name: holder.name, number: document.number,
                    nationality: holder.nationality.rawValue, birth: holder.birth, sex: holder.mrzSex,
                    expiry: document.expiry, format: format)
            ?? build(code: code, layout: format, issuer: document.issuer, number: document.number, expiry: document.expiry,
                     holder: holder)
    }

    /// Composes the MRZ of `document` into `grid` (`MRZComposer.gridCapacity` bytes) from the
    /// names' MRZ forms; false when a name part has none (then `mrzLines` builds it).
    static func composeMRZ(code: String, format: MRZFormat, document: DocumentDraft, holder: Holder,
                           into grid: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        MRZComposer.compose(format: format, documentCode: code, issuingState: document.issuer.rawValue,
                            documentNumber: document.number, nationality: holder.nationality.rawValue,
                            dateOfBirth: holder.birth.mrzForm, sex: holder.mrzSex, dateOfExpiry: document.expiry.mrzForm,
                            into: grid, name: holder.name.writeMRZ)
    }

    /// The MRZ composed from `name`'s parts in MRZ form; nil when a part has none.
    static func composedMRZ(code: String, issuer: String, name: PersonName, number: String, nationality: String,
                            birth: CalendarDate, sex: MRZSex, expiry: CalendarDate, format: MRZFormat) -> [String]? {
        MRZComposer.lines(format: format, documentCode: code, issuingState: issuer, documentNumber: number,
                          nationality: nationality, dateOfBirth: birth.mrzForm, sex: sex, dateOfExpiry: expiry.mrzForm,
                          name: name.writeMRZ)
    }

    private static func build(code: String, layout: MRZFormat, issuer: CountryCode, number: String, expiry: CalendarDate,
                              holder: Holder) -> [String] {
        let fields = MRZDocumentFields(
            documentCode: code, issuingState: issuer.rawValue, primaryIdentifier: holder.name.surnameMRZ,
            secondaryIdentifier: holder.name.givenMRZ, documentNumber: number, nationality: holder.nationality.rawValue,
            dateOfBirth: holder.birth.mrzForm, sex: holder.mrzSex, dateOfExpiry: expiry.mrzForm)
        return (try? MRZBuilder.build(fields, format: layout)) ?? []
    }

    /// The MRZ document code and layout of `kind`; nil for documents without an MRZ.
    static func mrzLayout(_ kind: Kind) -> (String, MRZFormat)? {
        switch kind {
        case .passport: ("P", .td3)
        case .identityCard(let code): (code, .td1)
        case .visa: ("V", .mrvA)
        case .crewCertificate: ("AC", .td1)
        case .pilotLicence, .residentCard: nil
        }
    }

    /// An expiry date `validityYears` after an issue date in the past, late enough that the
    /// document is valid on departure and for `Journey.validityMarginDays` after arrival,
    /// and after the holder's birth.
    static func expiry(birth: CalendarDate, journey: Journey, validityYears: Int, random: inout SeededRandom) -> CalendarDate {
        let mustOutlast = journey.arrival.daysSince1970 + Journey.validityMarginDays
        let latestIssue = journey.created.daysSince1970 - 1
        let validityDays = validityYears * 365 + validityYears / 4
        let earliestIssue = max(birth.daysSince1970 + 7, mustOutlast - validityDays + 3, latestIssue - validityDays)
        let issueDay = earliestIssue >= latestIssue ? latestIssue : random.int(in: earliestIssue...latestIssue)
        guard let issued = CalendarDate(daysSince1970: issueDay),
              let expiry = issued.adding(years: validityYears)?.adding(days: -1) else { return journey.arrival }
        // Never shorter than the margin, whatever the calendar did.
        if expiry.daysSince1970 < mustOutlast { return CalendarDate(daysSince1970: mustOutlast + 30) ?? expiry }
        return expiry
    }
}
