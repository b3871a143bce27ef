import PaxMessages
import PaxTestSupport
import Testing

// ICAO Doc 9303 specimens: Part 4 (TD3 passport) and Part 5 (TD1 identity card).
private let td3Specimen = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]
private let td1Specimen = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
]
private let alphabet: [Character] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<")

/// Check-digit value of an MRZ character, written out here independently of the library.
private func value(_ c: Character) -> Int {
    if c == "<" { return 0 }
    let i = alphabet.firstIndex(of: c)!
    return i
}

private func replacing(_ lines: [String], line: Int, offset: Int, with c: Character) -> [String] {
    var result = lines
    var chars = Array(result[line])
    chars[offset] = c
    result[line] = String(chars)
    return result
}

@Suite("MRZ")
struct MRZTests {
    // MARK: Check digits

    @Test func checkDigitsOfSpecimenFields() throws {
        #expect(try MRZCheckDigit.compute("L898902C3") == 6)
        #expect(try MRZCheckDigit.compute("D23145890") == 7)
        #expect(try MRZCheckDigit.compute("740812") == 2)
        #expect(try MRZCheckDigit.compute("120415") == 9)
        #expect(try MRZCheckDigit.compute("ZE184226B<<<<<") == 1)
        #expect(try MRZCheckDigit.compute("") == 0)
        #expect(try MRZCheckDigit.verify("L898902C3", checkDigit: "6"))
        #expect(try !MRZCheckDigit.verify("L898902C3", checkDigit: "5"))
        #expect(try !MRZCheckDigit.verify("L898902C3", checkDigit: "<"))
        #expect(try MRZCheckDigit.value(of: "Z") == 35)
    }

    @Test func checkDigitRejectsCharactersOutsideTheAlphabet() {
        #expect(throws: MRZCheckDigitError.invalidCharacter("a", offset: 1)) { try MRZCheckDigit.compute("Lab") }
        #expect(throws: MRZCheckDigitError.invalidCharacter(" ", offset: 0)) { try MRZCheckDigit.compute(" 1") }
        #expect(throws: MRZCheckDigitError.self) { try MRZCheckDigit.compute("É") }
        #expect(throws: MRZCheckDigitError.self) { try MRZCheckDigit.compute("1\r\n") }
        #expect(throws: MRZCheckDigitError.self) { try MRZCheckDigit.value(of: "😀") }
        #expect(throws: MRZCheckDigitError.self) { try MRZCheckDigit.verify("123", checkDigit: "x") }
    }

    // MARK: Specimens

    @Test func td3SpecimenVerifiesParsesAndRebuilds() throws {
        let result = MRZVerifier.verify(td3Specimen)
        #expect(result.format == .td3)
        #expect(result.problems.isEmpty)
        #expect(result.isValid)
        #expect(result.checks.map(\.name) == [.documentNumber, .dateOfBirth, .dateOfExpiry, .personalNumber, .composite])
        #expect(result.check(.documentNumber)?.found == "6")
        let expected = MRZDocumentFields(
            documentCode: "P", issuingState: "UTO", primaryIdentifier: "ERIKSSON", secondaryIdentifier: "ANNA MARIA",
            documentNumber: "L898902C3", nationality: "UTO", dateOfBirth: "740812", sex: .female,
            dateOfExpiry: "120415", optionalData: "ZE184226B"
        )
        #expect(try MRZParser.parse(td3Specimen) == MRZDocument(format: .td3, fields: expected))
        #expect(result.document?.fields == expected)
        #expect(try MRZBuilder.build(expected, format: .td3) == td3Specimen)
    }

    /// The composer takes names as MRZ components: it writes the specimen from them, and
    /// refuses components that are not in MRZ form (the builder normalises those first).
    @Test func composerWritesComponentsAndRefusesUnnormalisedOnes() throws {
        func compose(_ primary: [String], _ secondary: [String], code: String = "P") -> [String]? {
            MRZComposer.lines(format: .td3, documentCode: code, issuingState: "UTO", documentNumber: "L898902C3",
                              nationality: "UTO", dateOfBirth: "740812", sex: .female, dateOfExpiry: "120415",
                              optionalData: "ZE184226B") { name in
                for part in primary { name.primary(part) }
                for part in secondary { name.secondary(part) }
            }
        }
        #expect(compose(["ERIKSSON"], ["ANNA", "MARIA"]) == td3Specimen)
        #expect(compose(["ERIKSSON"], ["ANNA MARIA"]) == td3Specimen)
        for bad in [["eriksson"], ["ERIKSSON<"], ["ERIK<<SSON"], [""], ["ÉRIKSSON"]] {
            #expect(compose(bad, ["ANNA"]) == nil, "\(bad)")
        }
        #expect(compose(["ERIKSSON"], ["ANNA"], code: "V") == nil)
    }

    @Test func td1SpecimenVerifiesParsesAndRebuilds() throws {
        let result = MRZVerifier.verify(td1Specimen)
        #expect(result.format == .td1)
        #expect(result.isValid)
        #expect(result.checks.map(\.name) == [.documentNumber, .dateOfBirth, .dateOfExpiry, .composite])
        #expect(result.check(.documentNumber)?.found == "7")
        let expected = MRZDocumentFields(
            documentCode: "I", issuingState: "UTO", primaryIdentifier: "ERIKSSON", secondaryIdentifier: "ANNA MARIA",
            documentNumber: "D23145890", nationality: "UTO", dateOfBirth: "740812", sex: .female, dateOfExpiry: "120415"
        )
        #expect(try MRZParser.parse(td1Specimen).fields == expected)
        #expect(try MRZBuilder.build(expected, format: .td1) == td1Specimen)
        #expect(try MRZParser.parse(text: "\n  " + td1Specimen.joined(separator: "\r\n") + "  \n").fields == expected)
    }

    @Test func td1LongDocumentNumberUsesTheOptionalDataField() throws {
        // Part 5: D23145890734 -> first 9 characters, `<`, then "734", check digit 9, `<`.
        var fields = try MRZParser.parse(td1Specimen).fields
        fields.documentNumber = "D23145890734"
        let lines = try MRZBuilder.build(fields, format: .td1)
        #expect(lines[0] == "I<UTOD23145890<7349<<<<<<<<<<<")
        let result = MRZVerifier.verify(lines)
        #expect(result.isValid)
        #expect(result.check(.documentNumber) == MRZCheck(name: .documentNumber, line: 1, position: 19, expected: "9", found: "9"))
        #expect(result.document?.fields.documentNumber == "D23145890734")
        #expect(result.document?.fields.optionalData == "")

        fields.optionalData = "AB<12"
        let withData = try MRZBuilder.build(fields, format: .td1)
        #expect(withData[0] == "I<UTOD23145890<7349<AB<12<<<<<")
        #expect(try MRZParser.parse(withData).fields == fields)
    }

    @Test func td3LongDocumentNumberMirrorsTheTD1Rule() throws {
        var fields = try MRZParser.parse(td3Specimen).fields
        fields.documentNumber = "L898902C3123"
        fields.optionalData = "ZE1"
        let lines = try MRZBuilder.build(fields, format: .td3)
        let check = try MRZCheckDigit.character(for: "L898902C3123")
        #expect(lines[1].hasPrefix("L898902C3<UTO7408122F1204159123\(check)<ZE1<<<<<<"))
        #expect(MRZVerifier.verify(lines).isValid)
        #expect(try MRZParser.parse(lines).fields == fields)
    }

    // MARK: Single-character changes

    /// A checked field: the data positions its check digit covers and where the digit sits
    /// (zero-based line and offset, from the 9303 tables, not from the library).
    private struct CheckedField {
        var name: MRZCheck.Name
        var data: [(line: Int, offset: Int)]
        var digit: (line: Int, offset: Int)
    }

    private static func positions(_ line: Int, _ range: Range<Int>) -> [(line: Int, offset: Int)] {
        range.map { (line, $0) }
    }

    private static let td3Fields = [
        CheckedField(name: .documentNumber, data: positions(1, 0..<9), digit: (1, 9)),
        CheckedField(name: .dateOfBirth, data: positions(1, 13..<19), digit: (1, 19)),
        CheckedField(name: .dateOfExpiry, data: positions(1, 21..<27), digit: (1, 27)),
        CheckedField(name: .personalNumber, data: positions(1, 28..<42), digit: (1, 42)),
        CheckedField(name: .composite, data: positions(1, 0..<10) + positions(1, 13..<20) + positions(1, 21..<43), digit: (1, 43)),
    ]

    private static let td1Fields = [
        CheckedField(name: .documentNumber, data: positions(0, 5..<14), digit: (0, 14)),
        CheckedField(name: .dateOfBirth, data: positions(1, 0..<6), digit: (1, 6)),
        CheckedField(name: .dateOfExpiry, data: positions(1, 8..<14), digit: (1, 14)),
        CheckedField(
            name: .composite,
            data: positions(0, 5..<30) + positions(1, 0..<7) + positions(1, 8..<15) + positions(1, 18..<29),
            digit: (1, 29)
        ),
    ]

    /// The exact property: with weights 7, 3, 1 (all coprime to 10), replacing one covered
    /// character c by c' changes the check digit if and only if value(c') - value(c) is not
    /// 0 mod 10. So every such substitution must fail that field's check, and every other
    /// one (`<`<->`0`, `A`<->`0`, `K`<->`0`, ...) must leave it passing. Replacing the check
    /// digit itself by any other MRZ character must fail. Tested exhaustively over every
    /// covered position and every MRZ character of both specimens.
    @Test(arguments: ["TD3", "TD1"])
    func everySingleCharacterChangeIsCaught(format: String) {
        let (specimen, fields) = format == "TD3" ? (td3Specimen, Self.td3Fields) : (td1Specimen, Self.td1Fields)
        var caught = 0
        var invisible = 0
        for field in fields {
            for (line, offset) in field.data {
                let original = Array(specimen[line])[offset]
                for replacement in alphabet where replacement != original {
                    let result = MRZVerifier.verify(replacing(specimen, line: line, offset: offset, with: replacement))
                    let passed = result.check(field.name)?.passed
                    if (value(replacement) - value(original)) % 10 != 0 {
                        #expect(passed == false, "\(field.name) \(line + 1):\(offset + 1) \(original)->\(replacement)")
                        caught += 1
                    } else {
                        #expect(passed == true, "\(field.name) \(line + 1):\(offset + 1) \(original)->\(replacement)")
                        invisible += 1
                    }
                }
            }
            let original = Array(specimen[field.digit.line])[field.digit.offset]
            for replacement in alphabet where replacement != original {
                let result = MRZVerifier.verify(replacing(specimen, line: field.digit.line, offset: field.digit.offset, with: replacement))
                #expect(result.check(field.name)?.passed == false, "\(field.name) digit \(original)->\(replacement)")
                #expect(!result.isValid)
                caught += 1
            }
        }
        #expect(caught > 1000)
        #expect(invisible > 100)
    }

    /// For a long TD1 document number, structure-preserving changes (letters and digits only,
    /// no filler in or out) to the number's characters fail its check; any covered change
    /// whose value differs mod 10 fails the composite, which also covers the cases where a
    /// new `<` moves the end of the number's overflow.
    @Test func longDocumentNumberChangesAreCaught() throws {
        var fields = try MRZParser.parse(td1Specimen).fields
        fields.documentNumber = "D23145890734"
        let lines = try MRZBuilder.build(fields, format: .td1)
        let numberOffsets = Array(5..<14) + Array(15..<18)
        for offset in 5..<30 {
            let original = Array(lines[0])[offset]
            for replacement in alphabet where replacement != original && (value(replacement) - value(original)) % 10 != 0 {
                let result = MRZVerifier.verify(replacing(lines, line: 0, offset: offset, with: replacement))
                #expect(result.check(.composite)?.passed == false)
                if numberOffsets.contains(offset), replacement != "<" {
                    #expect(result.check(.documentNumber)?.passed == false, "offset \(offset) \(original)->\(replacement)")
                }
                if offset == 18, replacement != "<" {
                    #expect(result.check(.documentNumber)?.passed == false)
                }
            }
        }
    }

    // MARK: Round trips

    @Test func buildThenParseRoundTripsGeneratedDocuments() throws {
        var random = SplitMix64(state: 9303)
        let surnames = [
            "Eriksson", "Núñez", "Müller-Lüdenscheidt", "O'Connor", "van der Berg", "Straße", "Øster-Ålund",
            "Łukasiewicz", "D’Artagnan", "Þórsdóttir", "García  Márquez", "Nguyễn", "Çelik", "Smith", "Ægidius",
            "Sánchez-Villalobos de la Peña y Hernández-Ochoa", "", "Dvořák", "Ibáñez", "Kovačević",
        ]
        let givenNames = [
            "Anna María", "José-Luis", "Zoë", "François", "Jürgen", "Søren", "", "Mary Ann", "Łucja", "Ôscar",
            "Siân", "Jean-Baptiste Marie Emmanuel Alexandre", "Ines", "Renée", "A\u{301}ngel",
        ]
        let codes: [MRZFormat: [String]] = [.td3: ["P", "PD", "po"], .td1: ["I", "ID", "AC", "c"], .mrvA: ["V", "VA"]]
        let states = ["UTO", "SLV", "USA", "D", "D<<", "gbr", "XXA"]
        let characters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        func token(_ length: Int) -> String {
            String((0..<length).map { _ in characters.randomElement(using: &random)! })
        }
        func date(unknownAllowed: Bool) -> String {
            if unknownAllowed, Int.random(in: 0..<10, using: &random) == 0 { return "\(Int.random(in: 10...99, using: &random))<<<<" }
            let month = Int.random(in: 1...12, using: &random)
            let day = Int.random(in: 1...28, using: &random)
            return [Int.random(in: 0...99, using: &random), month, day].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined()
        }

        var longNumbers = 0
        for index in 0..<400 {
            let format = MRZFormat.allCases[index % 3]
            let numberLength: Int
            switch format {
            case .td1: numberLength = index % 2 == 0 ? Int.random(in: 10...20, using: &random) : Int.random(in: 1...9, using: &random)
            case .td3: numberLength = index % 4 == 0 ? Int.random(in: 10...21, using: &random) : Int.random(in: 1...9, using: &random)
            case .mrvA: numberLength = Int.random(in: 1...9, using: &random)
            }
            if numberLength > 9 { longNumbers += 1 }
            let optionalRoom: Int = switch format {
            case .td3: 14 - (numberLength > 9 ? numberLength - 7 : 0)
            case .td1: 15 - (numberLength > 9 ? numberLength - 7 : 0)
            case .mrvA: 16
            }
            let optional = index % 3 == 0 || optionalRoom == 0 ? "" : token(Int.random(in: 0...optionalRoom, using: &random))
            let fields = MRZDocumentFields(
                documentCode: codes[format]!.randomElement(using: &random)!,
                issuingState: states.randomElement(using: &random)!,
                primaryIdentifier: surnames.randomElement(using: &random)!,
                secondaryIdentifier: givenNames.randomElement(using: &random)!,
                documentNumber: token(numberLength).lowercased(),
                nationality: states.randomElement(using: &random)!,
                dateOfBirth: date(unknownAllowed: true),
                sex: MRZSex.allCases.randomElement(using: &random)!,
                dateOfExpiry: date(unknownAllowed: false),
                optionalData: optional,
                optionalData2: format == .td1 && index % 5 == 0 ? token(Int.random(in: 1...11, using: &random)) : ""
            )

            let lines = try MRZBuilder.build(fields, format: format)
            #expect(lines.count == format.lineCount)
            #expect(lines.allSatisfy { $0.count == format.lineLength })
            let verification = MRZVerifier.verify(lines)
            #expect(verification.isValid, "\(lines) \(verification.failedChecks) \(verification.problems)")

            let normalized = try fields.normalized(for: format)
            #expect(try normalized.normalized(for: format) == normalized)
            #expect(try MRZParser.parse(lines) == MRZDocument(format: format, fields: normalized))
            #expect(try MRZBuilder.build(normalized, format: format) == lines)
            #expect(normalized.documentNumber == fields.documentNumber.uppercased())
            #expect(normalized.optionalData == fields.optionalData)

            // When both names fit, they come back as their transliteration, `<` as space.
            let primary = try MRZTransliteration.transliterate(fields.primaryIdentifier)
            let secondary = try MRZTransliteration.transliterate(fields.secondaryIdentifier)
            let width = format == .td1 ? 30 : 39
            if primary.count + 2 + secondary.count <= width {
                #expect(normalized.primaryIdentifier == primary.replacingOccurrences("<", " "))
                #expect(normalized.secondaryIdentifier == secondary.replacingOccurrences("<", " "))
            } else {
                #expect(normalized.primaryIdentifier.count + normalized.secondaryIdentifier.count <= width)
            }
        }
        #expect(longNumbers > 50)
    }

    @Test func transliterationFollowsTheDocumentedRules() throws {
        let cases: [(String, String)] = [
            ("Núñez", "NUNEZ"), ("Müller-Lüdenscheidt", "MULLER<LUDENSCHEIDT"), ("O'Connor", "OCONNOR"),
            ("D’Artagnan", "DARTAGNAN"), ("Straße", "STRASSE"), ("Øster", "OESTER"), ("Æsir", "AESIR"),
            ("Œuvre", "OEUVRE"), ("Þór", "THOR"), ("Łukasz", "LUKASZ"), ("A\u{301}ngel", "ANGEL"),
            ("  anna   maria ", "ANNA<MARIA"), ("ANNA<<MARIA", "ANNA<MARIA"), ("Ålund", "ALUND"),
            ("Çelik", "CELIK"), ("Nguyễn", "NGUYEN"), ("Dvořák", "DVORAK"), ("St. John", "ST<JOHN"), ("", ""),
        ]
        for (name, expected) in cases {
            #expect(try MRZTransliteration.transliterate(name) == expected, "\(name)")
        }
        #expect(throws: MRZBuildError.invalidCharacter(field: .secondaryIdentifier, character: "И")) {
            try MRZTransliteration.transliterate("Иван", field: .secondaryIdentifier)
        }
        #expect(throws: MRZBuildError.self) { try MRZTransliteration.transliterate("Ann😀") }
    }

    @Test func namesAreTruncatedToTheField() throws {
        let fields = MRZDocumentFields(
            documentCode: "P", issuingState: "UTO", primaryIdentifier: "Sánchez-Villalobos de la Peña y Hernández",
            secondaryIdentifier: "Maria", documentNumber: "X1", nationality: "UTO",
            dateOfBirth: "740812", sex: .female, dateOfExpiry: "120415"
        )
        let lines = try MRZBuilder.build(fields, format: .td3)
        #expect(lines[0] == "P<UTOSANCHEZ<VILLALOBOS<DE<LA<PENA<Y<HERNAND")
        #expect(try MRZParser.parse(lines).fields.primaryIdentifier == "SANCHEZ VILLALOBOS DE LA PENA Y HERNAND")
        #expect(try MRZParser.parse(lines).fields.secondaryIdentifier == "")
    }

    @Test func emptyPersonalNumberHasFillerCheckDigitAndZeroIsAccepted() throws {
        var fields = try MRZParser.parse(td3Specimen).fields
        fields.optionalData = ""
        let lines = try MRZBuilder.build(fields, format: .td3)
        #expect(Array(lines[1])[42] == "<")
        #expect(MRZVerifier.verify(lines).isValid)
        let zero = replacing(lines, line: 1, offset: 42, with: "0")
        #expect(MRZVerifier.verify(zero).check(.personalNumber)?.passed == true)
        #expect(MRZVerifier.verify(zero).check(.composite)?.passed == true)
        #expect(MRZVerifier.verify(replacing(lines, line: 1, offset: 42, with: "1")).check(.personalNumber)?.passed == false)
    }

    @Test func visaHasNoPersonalNumberOrCompositeCheck() throws {
        var fields = try MRZParser.parse(td3Specimen).fields
        fields.documentCode = "V"
        fields.optionalData = "ABCDEFGHIJKLMNOP"
        let lines = try MRZBuilder.build(fields, format: .mrvA)
        #expect(lines[1] == "L898902C36UTO7408122F1204159ABCDEFGHIJKLMNOP")
        let result = MRZVerifier.verify(lines)
        #expect(result.format == .mrvA)
        #expect(result.checks.map(\.name) == [.documentNumber, .dateOfBirth, .dateOfExpiry])
        #expect(result.isValid)
        #expect(try MRZParser.parse(lines).fields == fields)
    }

    @Test func builderRejectsWhatDoesNotFit() throws {
        let base = try MRZParser.parse(td3Specimen).fields
        func build(_ change: (inout MRZDocumentFields) -> Void, _ format: MRZFormat = .td3) throws {
            var fields = base
            change(&fields)
            _ = try MRZBuilder.build(fields, format: format)
        }
        #expect(throws: MRZBuildError.tooLong(field: .documentNumber, length: 22, maximum: 21)) {
            try build { $0.documentNumber = String(repeating: "1", count: 22) }
        }
        #expect(throws: MRZBuildError.tooLong(field: .documentNumber, length: 23, maximum: 22)) {
            try build({ $0.documentNumber = String(repeating: "1", count: 23); $0.documentCode = "I" }, .td1)
        }
        #expect(throws: MRZBuildError.tooLong(field: .documentNumber, length: 10, maximum: 9)) {
            try build({ $0.documentNumber = "1234567890"; $0.documentCode = "V" }, .mrvA)
        }
        #expect(throws: MRZBuildError.tooLong(field: .optionalData, length: 9, maximum: 8)) {
            try build { $0.documentNumber = "1234567890123" }
        }
        #expect(throws: MRZBuildError.invalidCharacter(field: .documentNumber, character: "-")) {
            try build { $0.documentNumber = "L89-8902" }
        }
        #expect(throws: MRZBuildError.invalidDate(field: .dateOfBirth, value: "741332")) { try build { $0.dateOfBirth = "741332" } }
        #expect(throws: MRZBuildError.invalidDate(field: .dateOfExpiry, value: "12<<<<")) { try build { $0.dateOfExpiry = "12<<<<" } }
        #expect(throws: MRZBuildError.notInFormat(field: .documentCode, format: .td3, value: "V")) { try build { $0.documentCode = "V" } }
        #expect(throws: MRZBuildError.notInFormat(field: .optionalData2, format: .td3, value: "X")) { try build { $0.optionalData2 = "X" } }
        #expect(throws: MRZBuildError.tooLong(field: .issuingState, length: 4, maximum: 3)) { try build { $0.issuingState = "UTOP" } }
        #expect(throws: MRZBuildError.invalidCharacter(field: .primaryIdentifier, character: "Ж")) { try build { $0.primaryIdentifier = "Жуков" } }
        #expect(throws: MRZBuildError.invalidCharacter(field: .optionalData, character: "é")) { try build { $0.optionalData = "é" } }
    }

    // MARK: Hostile input

    @Test func garbageIsReportedNeverCrashes() {
        let lowercased = td3Specimen.map { $0.lowercased() }
        let inputs: [[String]] = [
            [], [""], ["", ""], ["", "", ""], ["", "", "", ""], lowercased,
            [td3Specimen[0], String(td3Specimen[1].dropLast())],
            [td3Specimen[0] + "<", td3Specimen[1]],
            td1Specimen.map { String($0.prefix(29)) },
            [String(repeating: "<", count: 36), String(repeating: "<", count: 36)],
            [String(repeating: "É", count: 44), String(repeating: "😀", count: 44)],
            [String(repeating: "\r\n", count: 44), String(repeating: "e\u{301}", count: 44)],
            [String(repeating: "\u{0}", count: 30), String(repeating: " ", count: 30), String(repeating: "\u{FFFD}", count: 30)],
            [String(repeating: "A", count: 100_000), "x"],
            td1Specimen + [""],
            [String(repeating: "<", count: 44), String(repeating: "<", count: 44)],
            [String(repeating: "<", count: 30), String(repeating: "<", count: 30), String(repeating: "<", count: 30)],
        ]
        for lines in inputs {
            let result = MRZVerifier.verify(lines)
            #expect(!result.isValid, "\(lines.map { $0.prefix(50) })")
            #expect(!result.problems.isEmpty || !result.failedChecks.isEmpty)
        }
        #expect(MRZVerifier.verify([]).problems == [.lineCount(found: 0)])
        #expect(MRZVerifier.verify([td3Specimen[0], "x"]).problems == [.lineLength(line: 2, expected: 44, found: 1)])
        #expect(MRZVerifier.verify(text: "").problems == [.lineCount(found: 0)])
        #expect(throws: MRZParseError.self) { try MRZParser.parse(lowercased) }

        let lower = MRZVerifier.verify(lowercased)
        #expect(lower.problems.contains(.invalidCharacter(line: 1, position: 1, character: "p")))
        #expect(lower.problems.contains(.invalidCharacter(line: 2, position: 1, character: "l")))
        #expect(lower.check(.documentNumber)?.expected == nil)
        #expect(lower.check(.dateOfBirth)?.passed == true)
    }

    @Test func foreignCharactersInAFieldAreLocatedAndFailItsCheck() {
        for (line, offset) in [(1, 0), (1, 15), (1, 30), (0, 7)] {
            for bad: Character in ["a", " ", "é", "😀", "\u{0}", "-"] {
                let result = MRZVerifier.verify(replacing(td3Specimen, line: line, offset: offset, with: bad))
                #expect(result.problems.contains(.invalidCharacter(line: line + 1, position: offset + 1, character: String(bad))))
                #expect(!result.isValid)
                if line == 1 { #expect(result.check(.composite)?.expected == nil) }
            }
        }
    }

    @Test func randomTextNeverCrashes() {
        var random = SplitMix64(state: 42)
        let pool: [Character] = alphabet + ["a", "z", " ", "-", "é", "Ж", "😀", "\u{0}", "\n", "<", "<", "<"]
        for _ in 0..<2000 {
            let count = Int.random(in: 0...4, using: &random)
            let length = [30, 44, Int.random(in: 0...60, using: &random)].randomElement(using: &random)!
            let lines = (0..<count).map { _ in String((0..<length).map { _ in pool.randomElement(using: &random)! }) }
            let result = MRZVerifier.verify(lines)
            if let document = try? MRZParser.parse(lines) {
                #expect(result.document == document)
            }
            _ = MRZVerifier.verify(text: lines.joined(separator: "\n"))
        }
    }

    @Test func invalidDatesAndSexAreProblems() {
        let lines = replacing(replacing(td3Specimen, line: 1, offset: 15, with: "9"), line: 1, offset: 20, with: "Q")
        let result = MRZVerifier.verify(lines)
        #expect(result.problems.contains(.invalidDate(field: .dateOfBirth, value: "749812")))
        #expect(result.problems.contains(.invalidSex(line: 2, position: 21, character: "Q")))
        #expect(result.document == nil)
        #expect(throws: MRZParseError.self) { try MRZParser.parse(lines) }
    }

    @Test func datesAndSexFromUserInput() {
        #expect(MRZDate.yymmdd(from: "1974-08-12") == "740812")
        #expect(MRZDate.yymmdd(from: "740812") == "740812")
        #expect(MRZDate.yymmdd(from: "2024-02-29") == "240229")
        #expect(MRZDate.yymmdd(from: "2023-02-29") == nil)
        #expect(MRZDate.yymmdd(from: "1974-13-01") == nil)
        #expect(MRZDate.yymmdd(from: "74-08-12") == nil)
        #expect(MRZDate.yymmdd(from: "１９７４-08-12") == nil)
        #expect(MRZDate.isValid("74<<<<", allowUnknownParts: true))
        #expect(!MRZDate.isValid("74<<<<", allowUnknownParts: false))
        #expect(MRZSex(code: "f") == .female)
        #expect(MRZSex(code: "x") == .x)
        #expect(MRZSex(code: "<") == .unspecified)
        #expect(MRZSex(code: "Q") == nil)
    }
}

private extension String {
    func replacingOccurrences(_ target: Character, _ replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
