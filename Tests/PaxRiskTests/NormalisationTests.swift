import Testing
@testable import PaxRisk
import PaxTestSupport

/// Each normalisation step, on the names it exists for.
@Suite struct NormalisationTests {
    func tokens(_ surname: String, _ given: String? = nil) -> [String] {
        NameNormalizer.normalize(surname: surname, givenNames: given).tokens
    }

    @Test func caseAndDiacriticsFold() {
        #expect(tokens("HERNÁNDEZ", "José Ángel") == ["hernandez", "jose", "angel"])
        #expect(tokens("Müller-Strauß") == ["muller", "strauss"])
        #expect(tokens("ØSTERGÅRD", "Łukasz") == ["ostergard", "lukasz"])
        #expect(tokens("Nguyễn", "Thị Ánh") == ["nguyen", "thi", "anh"])
        #expect(tokens("MUÑOZ") == tokens("munoz"))
    }

    @Test func punctuationSplitsOrVanishes() {
        #expect(tokens("O'Brien", "Mary-Kate") == ["obrien", "mary", "kate"])
        #expect(tokens("D’Angelo") == ["dangelo"])
        #expect(tokens("SMITH,  JOHN.") == ["smith", "john"])
        #expect(tokens("Smith 3rd") == ["smith", "rd"])
    }

    @Test func particlesAreDropped() {
        #expect(tokens("de la Cruz", "María de los Ángeles") == ["cruz", "maria", "angeles"])
        #expect(tokens("DEL CASTILLO") == ["castillo"])
        #expect(tokens("Al-Rashid", "Omar") == ["rashid", "omar"])
        #expect(tokens("bin Laden", "Osama") == ["laden", "osama"])
        #expect(tokens("ibn Saud") == ["saud"])
        #expect(tokens("van der Berg", "Jan") == ["berg", "jan"])
        #expect(tokens("von Trapp") == ["trapp"])
        #expect(tokens("El Khoury") == ["khoury"])
        // A name made only of particles keeps them rather than vanishing.
        #expect(tokens("De La") == ["de", "la"])
    }

    @Test func cyrillicTransliteratesAsICAO() {
        #expect(tokens("Иванов", "Сергей") == ["ivanov", "sergei"])
        #expect(tokens("ЩЕРБАКОВ", "Юрий") == ["shcherbakov", "iurii"])
        #expect(tokens("Фёдорова", "Наталья") == ["fedorova", "natalia"])
        #expect(tokens("Шевченко", "Олександр") == ["shevchenko", "oleksandr"])
    }

    @Test func greekTransliteratesAsELOT() {
        #expect(tokens("ΠΑΠΑΔΟΠΟΥΛΟΣ", "ΓΕΩΡΓΙΟΣ") == ["papadopoulos", "georgios"])
        #expect(tokens("Χρήστος") == ["christos"])
        #expect(tokens("Κωνσταντίνου", "Ευάγγελος") == ["konstantinou", "evangelos"])
        #expect(tokens("ΜΠΑΚΟΓΙΑΝΝΗΣ") == ["bakogiannis"])
    }

    @Test func arabicTransliteratesAndDropsTheArticle() {
        #expect(tokens("الراشد", "عمر") == ["rashd", "amr"])
        #expect(tokens("محمد") == ["mhmd"])
        #expect(tokens("محمود") == ["mhmud"])
        #expect(tokens("يوسف") == ["yusf"])
        #expect(tokens("داود") == ["dawd"])
    }

    @Test func tokenOrderDoesNotChangeTheOrderFreeKey() {
        let a = NameNormalizer.normalize(surname: "GARCIA LOPEZ", givenNames: "MARIA")
        let b = NameNormalizer.normalize(surname: "María", givenNames: "García-López")
        #expect(a.orderFreeKey == b.orderFreeKey)
        #expect(a.tokens != b.tokens)
    }

    @Test func phoneticKeyMergesSpellingVariants() {
        func key(_ s: String) -> String {
            let t = NameNormalizer.normalize(surname: s, givenNames: nil).tokens
            return t.map { PhoneticKey(token: $0).description }.joined(separator: " ")
        }
        #expect(key("GARCIA") == key("GARSIA"))
        #expect(key("VASQUEZ") == key("BAZQUES"))
        #expect(key("CASTILLO") == key("CASTIYO"))
        #expect(key("MOHAMMED") == key("MUHAMMAD"))
        #expect(key("MOHAMMED") == key("محمد"))
        #expect(key("KHALID") == key("JALID"))
        #expect(key("ALEXANDR") == key("ALEKSANDR"))
        #expect(key("ALEKSANDR") == key("OLEKSANDR"))
        #expect(key("YUSUF") == key("YOUSSEF"))
        #expect(key("VLADIMIR") == key("WLADIMIR"))
        #expect(key("IURII") == key("YURIY"))
        #expect(key("GONZALEZ") != key("GUZMAN"))
        #expect(key("MARTINEZ") != key("RAMIREZ"))
    }

    @Test func jaroWinklerKnownValues() {
        #expect(abs(JaroWinkler.similarity("martha", "marhta") - 0.9611) < 0.0001)
        #expect(abs(JaroWinkler.similarity("dwayne", "duane") - 0.84) < 0.0001)
        #expect(abs(JaroWinkler.similarity("dixon", "dicksonx") - 0.8133) < 0.0001)
        #expect(JaroWinkler.similarity("abc", "xyz") == 0)
        #expect(JaroWinkler.similarity("same", "same") == 1)
        let long = String(repeating: "ab", count: 40)
        #expect(JaroWinkler.similarity(long, long) == 1)
    }

    @Test func flagWordJaroEqualsTheArrayLoop() {
        // Tokens over a small alphabet (many repeated letters, so windows and transpositions
        // matter), of every length up to 64, against the loop with arrays of flags.
        var generator = SplitMix64(state: 2026)
        for _ in 0..<3_000 {
            let a = (0..<Int.random(in: 1...64, using: &generator)).map { _ in UInt8.random(in: 0x61...0x66, using: &generator) }
            let b = (0..<Int.random(in: 1...64, using: &generator)).map { _ in UInt8.random(in: 0x61...0x66, using: &generator) }
            let fast = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in JaroWinkler.jaro(pa, pb) } }
            #expect(fast == JaroWinkler.jaroLong(a, b), "\(String(decoding: a, as: UTF8.self)) / \(String(decoding: b, as: UTF8.self))")
        }
        // Bytes other than letters, with the same result.
        let (a, b) = (Array("o'brien-x".utf8), Array("obrien x".utf8))
        #expect(a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in JaroWinkler.jaro(pa, pb) } } == JaroWinkler.jaroLong(a, b))
    }
}
