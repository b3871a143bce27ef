/// Jaro-Winkler similarity of two byte strings, 0 (nothing in common) to 1 (equal).
///
/// The textbook definition (Winkler 1990): matches within a window of half the longer length
/// minus one, half the transpositions, and a bonus of 0.1 per common prefix character (up to
/// four) once the Jaro similarity exceeds 0.7, as in rapidfuzz and most screening tools. Runs
/// on bit masks for strings up to 64 bytes, which covers every name token.
public enum JaroWinkler {
    /// The similarity of two strings, compared as UTF-8 bytes.
    public static func similarity(_ a: String, _ b: String) -> Double {
        similarity(Array(a.utf8), Array(b.utf8))
    }

    static func similarity(_ a: [UInt8], _ b: [UInt8]) -> Double {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in similarity(pa, pb) } }
    }

    static func similarity(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let jaro = self.jaro(a, b)
        guard jaro > 0.7 else { return jaro }
        var prefix = 0
        let limit = min(4, a.count, b.count)
        while prefix < limit && a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    static func jaro(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let la = a.count, lb = b.count
        if la == 0 || lb == 0 { return la == lb ? 1 : 0 }
        if la > 64 || lb > 64 { return jaroLong(Array(a), Array(b)) }
        let window = max(0, max(la, lb) / 2 - 1)
        var flagsA: UInt64 = 0
        var flagsB: UInt64 = 0
        var matches = 0
        for i in 0..<la {
            let lo = max(0, i - window), hi = min(lb - 1, i + window)
            if lo > hi { continue }
            let c = a[i]
            var j = lo
            while j <= hi {
                if flagsB & (1 << UInt64(j)) == 0 && b[j] == c {
                    flagsA |= 1 << UInt64(i)
                    flagsB |= 1 << UInt64(j)
                    matches += 1
                    break
                }
                j += 1
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0
        var fa = flagsA, fb = flagsB
        while fa != 0 {
            let i = fa.trailingZeroBitCount
            let j = fb.trailingZeroBitCount
            if a[i] != b[j] { transpositions += 1 }
            fa &= fa - 1
            fb &= fb - 1
        }
        let m = Double(matches)
        return (m / Double(la) + m / Double(lb) + (m - Double(transpositions / 2)) / m) / 3
    }

    /// The same computation with arrays of flags, for strings longer than 64 bytes (and the
    /// reference the 64-bit flag words are tested against).
    static func jaroLong(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let window = max(0, max(a.count, b.count) / 2 - 1)
        var matchedA = [Bool](repeating: false, count: a.count)
        var matchedB = [Bool](repeating: false, count: b.count)
        var matches = 0
        for i in a.indices {
            let lo = max(0, i - window), hi = min(b.count - 1, i + window)
            if lo > hi { continue }
            for j in lo...hi where !matchedB[j] && b[j] == a[i] {
                matchedA[i] = true
                matchedB[j] = true
                matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0
        var j = 0
        for i in a.indices where matchedA[i] {
            while !matchedB[j] { j += 1 }
            if a[i] != b[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        return (m / Double(a.count) + m / Double(b.count) + (m - Double(transpositions / 2)) / m) / 3
    }
}
