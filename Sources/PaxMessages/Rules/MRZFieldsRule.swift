/// `PAX-MRZ-FIELDS`: what a document's MRZ says agrees with the document's fields (type,
/// number, issuing state, expiry) and the traveller's (nationality, date of birth, sex,
/// surname and given names).
///
/// Comparisons are made in MRZ terms: the document type by the first letter of the MRZ
/// document code; dates by `YYMMDD` (the MRZ has no century; `<<` parts of a birth date are
/// unknown and match anything); gender `U` (unknown) matches any MRZ sex and `X` matches `X`
/// or `<`; names by their `MRZTransliteration`, where a name cut at the end of the MRZ name
/// field must be a prefix of the full name. Names with letters that have no transliteration
/// are not compared. An MRZ that cannot be parsed, or a date the MRZ writes invalidly, is
/// left to `PAX-MRZ-FORMAT`.
enum MRZFieldsRule {
    static let rule = BusinessRule(
        id: "PAX-MRZ-FIELDS", severity: .error, messageType: TravelerManifest.rootElementName,
        summary: "a document's MRZ agrees with the fields: type, number, issuing state, expiry, nationality, birth date, sex, names")

    static let check = RuleCheck<ManifestReview>(rule: rule) { review, _, findings in
        let manifest = review.manifest
        MRZRules.forEachMRZ(in: review) { t, d, verification in
            guard let mrz = verification.document else { return }
            let traveler = manifest.travelers[t], document = traveler.documents[d]
            // Paths are made only for a finding: most documents have none.
            var travelerPath: String { manifest.travelerPath(t) }
            var documentPath: String { manifest.documentPath(traveler: t, document: d) }
            let fields = mrz.fields
            func mismatch(_ what: String, mrz: String, element: String, value: String, at path: String) {
                findings.report("\(traveler.label): \(document.label): the MRZ gives \(what) \(mrz) but \(element) is \(value)",
                                at: path)
            }

            if fields.documentCode.first != document.type.rawValue.first {
                mismatch("document code", mrz: fields.documentCode, element: "Type", value: document.type.rawValue,
                         at: documentPath + "/Type")
            }
            if fields.documentNumber != document.number {
                mismatch("document number", mrz: fields.documentNumber, element: "Number", value: document.number,
                         at: documentPath + "/Number")
            }
            if !sameState(mrz: fields.issuingState, field: document.issuingState) {
                mismatch("issuing state", mrz: fields.issuingState, element: "IssuingState",
                         value: document.issuingState.rawValue, at: documentPath + "/IssuingState")
            }
            if !sameState(mrz: fields.nationality, field: traveler.nationality) {
                mismatch("nationality", mrz: fields.nationality, element: "Nationality",
                         value: traveler.nationality.rawValue, at: travelerPath + "/Nationality")
            }
            if MRZDate.isValid(fields.dateOfBirth, allowUnknownParts: true), !sameDate(mrz: fields.dateOfBirth, traveler.dateOfBirth) {
                mismatch("date of birth", mrz: fields.dateOfBirth, element: "DateOfBirth",
                         value: traveler.dateOfBirth.description, at: travelerPath + "/DateOfBirth")
            }
            if !sameSex(mrz: fields.sex, traveler.gender) {
                mismatch("sex", mrz: fields.sex.rawValue, element: "Gender", value: traveler.gender.rawValue,
                         at: travelerPath + "/Gender")
            }
            if MRZDate.isValid(fields.dateOfExpiry, allowUnknownParts: false), !sameDate(mrz: fields.dateOfExpiry, document.expiryDate) {
                mismatch("date of expiry", mrz: fields.dateOfExpiry, element: "ExpiryDate",
                         value: document.expiryDate.description, at: documentPath + "/ExpiryDate")
            }
            if let problem = nameProblem(mrz: mrz, traveler: traveler) {
                findings.report("\(traveler.label): \(document.label): \(problem.message)",
                                at: travelerPath + "/" + problem.element)
            }
        }
    }

    /// MRZ codes are ICAO codes, the fields ISO 3166-1 alpha-3 or ICAO codes; they differ
    /// only for Germany (`D` in the MRZ, `DEU` in ISO).
    static func sameState(mrz: String, field: CountryCode) -> Bool {
        mrz == field.rawValue || (mrz == "D" && field.rawValue == "DEU")
    }

    /// Whether `YYMMDD` (parts may be `<<`) is `date` without its century.
    static func sameDate(mrz yymmdd: String, _ date: CalendarDate) -> Bool {
        MRZAlphabet.isAlphabetOnly(yymmdd) ? sameDate(cells: Array(yymmdd.utf8), date) : sameDate(cells: Array(yymmdd), date)
    }

    private static func sameDate<Cell: MRZCell>(cells: [Cell], _ date: CalendarDate) -> Bool {
        guard cells.count == 6 else { return false }
        for (part, value) in [date.year % 100, date.month, date.day].enumerated() {
            let high = cells[2 * part], low = cells[2 * part + 1]
            if high == Cell.filler, low == Cell.filler { continue }
            guard high.isMRZDigit, low.isMRZDigit,
                  let tens = high.mrzValue, let units = low.mrzValue,
                  tens * 10 + units == value else { return false }
        }
        return true
    }

    static func sameSex(mrz: MRZSex, _ gender: Gender) -> Bool {
        switch gender {
        case .unknown: true
        case .male: mrz == .male
        case .female: mrz == .female
        case .unspecified: mrz == .x || mrz == .unspecified
        }
    }

    /// What is wrong with the names, and the element to point at; nil when they agree or
    /// cannot be compared.
    static func nameProblem(mrz: MRZDocument, traveler: Traveler) -> (element: String, message: String)? {
        guard let surname = try? MRZTransliteration.transliterate(traveler.surname, field: .primaryIdentifier),
              let given = try? MRZTransliteration.transliterate(traveler.givenNames ?? "", field: .secondaryIdentifier)
        else { return nil }
        let primary = fillers(mrz.fields.primaryIdentifier), secondary = fillers(mrz.fields.secondaryIdentifier)
        let expected = surname + (given.isEmpty ? "" : "<<" + given)
        let found = primary + (secondary.isEmpty ? "" : "<<" + secondary)
        if found == expected { return nil }
        // A plain cut at the field width leaves the field full, or ends it in one or two fillers.
        let width = MRZLayout.of(mrz.format).name.length
        if expected.count > width, found.count >= width - 2, expected.hasPrefix(found) { return nil }
        func spaced(_ text: String) -> String { String(text.map { $0 == MRZAlphabet.filler ? " " : $0 }) }
        if primary != surname {
            return ("Surname", "the MRZ gives surname \(spaced(primary)) but Surname \(traveler.surname) is \(spaced(surname)) in MRZ characters")
        }
        guard let givenNames = traveler.givenNames else {
            return ("Surname", "the MRZ gives given names \(spaced(secondary)) but the traveller has no GivenNames")
        }
        return ("GivenNames", "the MRZ gives given names \(spaced(secondary)) but GivenNames \(givenNames) is \(spaced(given)) in MRZ characters")
    }

    private static func fillers(_ spaced: String) -> String {
        var text = spaced
        // ASCII text (the MRZ's fields always are): spaces are single bytes, swapped in place.
        if let swapped = text.withUTF8({ bytes -> String? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return String(decoding: bytes.map { $0 == 0x20 ? 0x3C : $0 }, as: UTF8.self)
        }) {
            return swapped
        }
        return String(spaced.map { $0 == " " ? MRZAlphabet.filler : $0 })
    }
}
