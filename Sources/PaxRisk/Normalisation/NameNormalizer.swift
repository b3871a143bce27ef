/// Turns names in any of the scripts PaxSim meets into `NormalizedName`s: case folded,
/// diacritics removed, Cyrillic/Greek/Arabic transliterated to Latin, punctuation split or
/// dropped (hyphens and spaces split tokens, apostrophes vanish: `O'Brien` → `obrien`), and
/// particles (`de`, `del`, `la`, `al`, `el`, `bin`, `ibn`, `van`, `von`, `der`, ...) removed
/// unless nothing else would remain.
///
/// Pure and allocation-light: the ASCII path (most manifest names) touches each byte once.
public enum NameNormalizer {
    /// The normalised form of a surname and optional given names.
    public static func normalize(surname: String, givenNames: String?) -> NormalizedName {
        var surnameTokens: [[UInt8]] = []
        var written = WrittenTogether()
        appendTokens(of: surname, to: &surnameTokens, writtenTogether: &written)
        let givenTokens = givenNames.map(tokens(of:)) ?? []
        return NormalizedName(surnameTokens: surnameTokens.map { String(decoding: $0, as: UTF8.self) },
                              givenTokens: givenTokens.map { String(decoding: $0, as: UTF8.self) },
                              surnameWrittenTogether: String(decoding: written.bytes, as: UTF8.self))
    }

    /// A name field run into one word, particles included (`De la Cruz`, `DE-LA-CRUZ` and
    /// `Delacruz` all give `delacruz`; `Abdel Rahman` and `Abdelrahman` give `abdelrahman`):
    /// the form that agrees whichever way the parts were joined, split or hyphenated.
    struct WrittenTogether {
        var bytes: [UInt8] = []
        /// Words the field was written in (particles included).
        var parts = 0
        /// Whether particles were dropped from the field's tokens (so the tokens alone no
        /// longer show how it was written).
        var particlesRemoved = false
    }

    /// `appendTokens(of:to:)`, also giving the field written together.
    static func appendTokens(of text: String, to tokens: inout [[UInt8]], writtenTogether: inout WrittenTogether) {
        let first = tokens.count
        appendRawTokens(of: text, to: &tokens)
        writtenTogether.parts = tokens.count - first
        if writtenTogether.parts == 1 {
            writtenTogether.bytes = tokens[first]
        } else {
            writtenTogether.bytes.removeAll(keepingCapacity: true)
            writtenTogether.bytes.reserveCapacity(tokens[first...].reduce(0) { $0 + $1.count })
            for token in tokens[first...] { writtenTogether.bytes += token }
        }
        writtenTogether.particlesRemoved = removeParticles(from: &tokens, first: first)
    }

    /// The tokens of one name field as lower-case ASCII byte strings, particles removed.
    static func tokens(of text: String) -> [[UInt8]] {
        var tokens: [[UInt8]] = []
        appendTokens(of: text, to: &tokens)
        return tokens
    }

    /// Appends the tokens of one name field to `tokens` (particles removed from the appended
    /// ones), so a whole name is built in one array.
    static func appendTokens(of text: String, to tokens: inout [[UInt8]]) {
        let first = tokens.count
        appendRawTokens(of: text, to: &tokens)
        removeParticles(from: &tokens, first: first)
    }

    /// Appends the tokens of one name field, particles kept.
    private static func appendRawTokens(of text: String, to tokens: inout [[UInt8]]) {
        var text = text
        let ascii = text.withUTF8 { bytes in appendASCIITokens(of: bytes, to: &tokens) }
        if !ascii { tokens += rawTokens(of: text) }
    }

    /// Removes the particles among `tokens[first...]` unless nothing else would remain;
    /// whether any were removed.
    @discardableResult
    private static func removeParticles(from tokens: inout [[UInt8]], first: Int) -> Bool {
        var hasParticle = false, allParticles = true
        for token in tokens[first...] {
            if NameParticles.isParticle(token) { hasParticle = true } else { allParticles = false }
        }
        guard hasParticle && !allParticles else { return false }
        tokens[first...].removeAll(where: NameParticles.isParticle)
        return true
    }

    /// Tokens before particle removal.
    static func rawTokens(of text: String) -> [[UInt8]] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var tokens: [[UInt8]] = []
            var text = text
            _ = text.withUTF8 { bytes in appendASCIITokens(of: bytes, to: &tokens) }
            return tokens
        }
        var result: [[UInt8]] = []
        var latin: [UInt8] = []
        var script: [UInt32] = []

        func flush() {
            if !script.isEmpty {
                transliterate(script, into: &latin, tokens: &result)
                script.removeAll(keepingCapacity: true)
            }
            if !latin.isEmpty {
                result.append(latin)
                latin.removeAll(keepingCapacity: true)
            }
        }

        for scalar in text.unicodeScalars {
            switch ScalarFolding.fold(scalar) {
            case .latin(let first, let second):
                if !script.isEmpty {
                    transliterate(script, into: &latin, tokens: &result)
                    script.removeAll(keepingCapacity: true)
                }
                latin.append(first)
                if second != 0 { latin.append(second) }
            case .script(let letter):
                script.append(letter)
            case .separator:
                flush()
            case .ignored:
                break
            }
        }
        flush()
        return result
    }

    /// Transliterates a run of non-Latin letters onto `latin`; an Arabic article at the start
    /// of a word becomes a token of its own (`al`), so it is dropped as a particle.
    private static func transliterate(_ run: [UInt32], into latin: inout [UInt8], tokens: inout [[UInt8]]) {
        var run = run
        if latin.isEmpty && ScriptTransliteration.startsWithArabicArticle(run) {
            tokens.append(Array("al".utf8))
            run.removeFirst(2)
        }
        var index = 0
        while index < run.count {
            index += ScriptTransliteration.append(run, at: index, to: &latin)
        }
    }

    /// `rawTokens` for ASCII text (most manifest names): one pass over the bytes, each token
    /// allocated once at its size. False (and nothing appended) when the text is not ASCII.
    private static func appendASCIITokens(of bytes: UnsafeBufferPointer<UInt8>, to tokens: inout [[UInt8]]) -> Bool {
        for byte in bytes where byte >= 0x80 { return false }
        var start = 0, letters = 0
        func flush(_ end: Int) {
            guard letters > 0 else { return }
            tokens.append([UInt8](unsafeUninitializedCapacity: letters) { token, count in
                for byte in bytes[start..<end] {
                    switch byte {
                    case 0x61...0x7A: token[count] = byte; count += 1
                    case 0x41...0x5A: token[count] = byte + 0x20; count += 1
                    default: break // ' and `
                    }
                }
            })
            letters = 0
        }
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case 0x61...0x7A, 0x41...0x5A:
                if letters == 0 { start = index }
                letters += 1
            case 0x27, 0x60: break
            default: flush(index)
            }
        }
        flush(bytes.count)
        return true
    }
}
