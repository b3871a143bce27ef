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
        if let jaro = jaroOfLetters(a, b, window: window) { return jaro }
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

    /// `jaro` for two tokens of lower-case ASCII letters (every normalised name token) of at
    /// most 64 bytes, bit-parallel: a mask of `b`'s positions per letter, so each character of
    /// `a` finds its partner (the first unmatched equal letter in its window, as in the
    /// textbook loop) with a few bit operations instead of a scan. Nil for other bytes.
    @inline(__always)
    private static func jaroOfLetters(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, window: Int) -> Double? {
        let la = a.count, lb = b.count
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 32) { positions -> Double? in
            // Letters a-z are 0x61-0x7A: their low five bits (1-26) index the table.
            for index in 0..<32 { positions[index] = 0 }
            for j in 0..<lb {
                let c = b[j]
                guard c &- 0x61 < 26 else { return nil }
                positions[Int(c & 31)] |= 1 << UInt64(j)
            }
            let all: UInt64 = lb == 64 ? ~0 : (1 << UInt64(lb)) - 1
            var flagsA: UInt64 = 0, flagsB: UInt64 = 0
            var matches = 0
            for i in 0..<la {
                let c = a[i]
                guard c &- 0x61 < 26 else { return nil }
                let lo = max(0, i - window), hi = min(lb - 1, i + window)
                if lo > hi { continue }
                // Positions lo...hi.
                let upTo: UInt64 = hi >= 63 ? ~0 : (1 << UInt64(hi + 1)) - 1
                let from: UInt64 = ~((1 << UInt64(lo)) - 1)
                let open = positions[Int(c & 31)] & ~flagsB & upTo & from & all
                if open != 0 {
                    flagsA |= 1 << UInt64(i)
                    flagsB |= open & (0 &- open)
                    matches += 1
                }
            }
            if matches == 0 { return 0 }
            var transpositions = 0
            var fa = flagsA, fb = flagsB
            while fa != 0 {
                if a[fa.trailingZeroBitCount] != b[fb.trailingZeroBitCount] { transpositions += 1 }
                fa &= fa - 1
                fb &= fb - 1
            }
            let m = Double(matches)
            return (m / Double(la) + m / Double(lb) + (m - Double(transpositions / 2)) / m) / 3
        }
    }

    /// The same computation with arrays of flags, for strings longer than 64 bytes (and the
    /// reference the bit-parallel path is tested against).
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
