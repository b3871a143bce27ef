@testable import PaxMessages
import PaxTestSupport
import Testing

/// The MRZ readers run over bytes when every line is MRZ alphabet and over characters
/// otherwise: on the same alphabet-only text both forms must give the same checks,
/// problems and fields, including for wrong check digits, impossible dates, bad sex codes
/// and long document numbers.
@Suite("MRZ cell forms")
struct MRZCellFormsTests {
    private static let specimens: [(MRZFormat, [String])] = [
        (.td3, ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]),
        (.td1, ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]),
        // A long TD1 document number (overflow into the optional data).
        (.td1, ["I<UTOD23145890<7349<<<<<<<<<<<", "3407127M9507122UTO<<<<<<<<<<<2", "STEVENSON<<PETER<JOHN<<<<<<<<<"]),
        (.mrvA, ["V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"]),
    ]
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<".utf8)

    @Test("bytes and characters give the same verification and parse", arguments: 0..<4)
    func sameResults(specimen: Int) {
        let (format, lines) = Self.specimens[specimen]
        var random = SplitMix64(state: UInt64(specimen + 1))
        var compared = 0
        for round in 0..<400 {
            var mutated = lines.map { Array($0.utf8) }
            // Round 0 is the specimen itself; then 1 to 4 random cells changed.
            for _ in 0..<(round == 0 ? 0 : Int.random(in: 1...4, using: &random)) {
                let line = Int.random(in: 0..<mutated.count, using: &random)
                let position = Int.random(in: 0..<mutated[line].count, using: &random)
                mutated[line][position] = Self.alphabet.randomElement(using: &random) ?? 0x3C
            }
            let text = mutated.map { String(decoding: $0, as: UTF8.self) }
            let bytes = MRZGrid(checkedLines: text.map { Array($0.utf8) })
            let characters = MRZGrid(checkedLines: text.map { Array($0) })
            #expect(MRZVerifier.verify(bytes, format: format, problems: []) == MRZVerifier.verify(characters, format: format, problems: []),
                    "\(text)")
            let parsedBytes = Result { () throws(MRZParseError) in try MRZParser.parse(bytes, format: format) }
            let parsedCharacters = Result { () throws(MRZParseError) in try MRZParser.parse(characters, format: format) }
            #expect(parsedBytes == parsedCharacters, "\(text)")
            // The public entry point (which picks the byte form here) agrees with the character form.
            var expected = MRZVerifier.verify(characters, format: MRZStructure.format(of: text) ?? format, problems: [])
            expected.document = try? parsedCharacters.get()
            if MRZStructure.format(of: text) == format { #expect(MRZVerifier.verify(text) == expected, "\(text)") }
            compared += 1
        }
        #expect(compared == 400)
    }

    @Test("a non-alphabet character takes the character form with the same reports as before")
    func characterForm() {
        let lines = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO74081é2F1204159ZE184226B<<<<<10"]
        let result = MRZVerifier.verify(lines)
        #expect(result.problems.contains(.invalidCharacter(line: 2, position: 19, character: "é")))
        #expect(result.check(.dateOfBirth)?.expected == nil)
        #expect(result.document == nil)
    }

    @Test("ASCII names transliterate as the general rules do")
    func asciiTransliteration() throws {
        #expect(try MRZTransliteration.transliterate("o'Connor-smith  jr.") == "OCONNOR<SMITH<JR")
        #expect(try MRZTransliteration.transliterate("  --ANNA  maria--") == "ANNA<MARIA")
        #expect(try MRZTransliteration.transliterate("`d'`") == "D")
        #expect(try MRZTransliteration.transliterate("") == "")
        // A non-ASCII name still goes through the general rules.
        #expect(try MRZTransliteration.transliterate("Müller-Ñoño") == "MULLER<NONO")
    }
}
