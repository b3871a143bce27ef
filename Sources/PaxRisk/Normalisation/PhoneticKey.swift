/// A phonetic key for one normalised name token: a consonant skeleton in which letters that
/// are spelled interchangeably share a code, so spelling and romanisation variants of a name
/// get the same key (`GARCIA`/`GARSIA`, `VASQUEZ`/`BAZQUES`, `MOHAMMED`/`MUHAMAD`/`محمد`,
/// `KHALID`/`JALID`, `ALEXANDR`/`ALEKSANDR`/`OLEKSANDR`, `YUSUF`/`YOUSSEF`).
///
/// Why not Soundex or Double Metaphone: Soundex keeps the first letter verbatim (so
/// `Vladimir`/`Wladimir` and `Qasim`/`Kasim` differ) and truncates to four codes; Double
/// Metaphone encodes English orthography. The travellers PaxSim screens are mostly Latin
/// American and the listed persons often have Arabic or Slavic names written in Spanish or
/// English romanisation, so this key encodes exactly those merges:
/// - Spanish: `b`=`v`, seseo `c(e,i)`=`s`=`z`, `j`=`g(e,i)`=`h`, `ll`=`y`, silent `u` in
///   `gue`/`gui`/`que`/`qui`, vowels carry no code after the first letter;
/// - romanisation: `kh`=`h`=`j` (Russian х, Arabic خ, Spanish `Jalid`), `w`=`v`, `ph`=`f`,
///   `x`=`ks`, `sh`=`ch`=`sch`=`zh`, `ts`=`tz`=`s`, `th`=`dh`=`t`=`d`, `gh`=`g`=`k`=`q`, any
///   opening vowel (or `y`) the same.
///
/// Chinese and Korean surnames, whose romanisations differ beyond any spelling rule
/// (`CHEN`/`TAN`, `WU`/`NG`), take the key of their canonical form (`RomanisationVariants`).
///
/// The key is a UInt64 of 4-bit codes (up to 15), used for blocking and as a match feature;
/// final scores always come from Jaro-Winkler, so a shared key never makes a match alone.
public struct PhoneticKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The key of a normalised token (lower-case ASCII letters).
    public init(token: String) { self.init(bytes: Array(token.utf8)) }

    private enum Code: UInt64 {
        case vowel = 1, b, f, k, s, x, h, t, l, r, m, n
    }

    init(bytes token: [UInt8]) {
        let t = RomanisationVariants.canonical(token) ?? token
        var key: UInt64 = 0
        var count = 0
        var last: UInt64 = 0
        func emit(_ code: Code) {
            guard count < 15, code.rawValue != last else { return }
            key = key << 4 | code.rawValue
            count += 1
            last = code.rawValue
        }
        func at(_ i: Int) -> UInt8 { i < t.count ? t[i] : 0 }
        func isVowel(_ c: UInt8) -> Bool {
            c == 0x61 || c == 0x65 || c == 0x69 || c == 0x6F || c == 0x75 || c == 0x79
        }
        func isFront(_ c: UInt8) -> Bool { c == 0x65 || c == 0x69 || c == 0x79 } // e i y

        var i = 0
        while i < t.count {
            let c = t[i], n1 = at(i + 1), n2 = at(i + 2)
            var used = 1
            switch c {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "y"):
                if i == 0 { emit(.vowel) } else { last = 0 }
            case UInt8(ascii: "b"), UInt8(ascii: "v"):
                emit(.b)
            case UInt8(ascii: "w"):
                // A consonant before a vowel (Walid, Wang); part of the vowel otherwise (Chow, Liew, Hwang).
                if i == 0 || (isVowel(n1) && t[i - 1] != UInt8(ascii: "h")) { emit(.b) } else { last = 0 }
            case UInt8(ascii: "p"):
                if n1 == UInt8(ascii: "h") { emit(.f); used = 2 } else { emit(.b) }
            case UInt8(ascii: "f"):
                emit(.f)
            case UInt8(ascii: "c"):
                if n1 == UInt8(ascii: "h") { emit(.x); used = 2 }
                else if n1 == UInt8(ascii: "k") { emit(.k); used = 2 }
                else if isFront(n1) { emit(.s) }
                else { emit(.k) }
            case UInt8(ascii: "k"):
                if n1 == UInt8(ascii: "h") { emit(.h); used = 2 } else { emit(.k) }
            case UInt8(ascii: "q"):
                emit(.k)
                if n1 == UInt8(ascii: "u") { used = 2 }
            case UInt8(ascii: "g"):
                if n1 == UInt8(ascii: "h") { emit(.k); used = 2 }
                else if n1 == UInt8(ascii: "u") && isFront(n2) { emit(.k); used = 2 }
                else if isFront(n1) { emit(.h) }
                else { emit(.k) }
            case UInt8(ascii: "j"):
                emit(.h)
            case UInt8(ascii: "h"):
                // A final h is silent (Mah, Sarah, Abdullah).
                if i + 1 < t.count { emit(.h) }
            case UInt8(ascii: "s"):
                if n1 == UInt8(ascii: "c") && n2 == UInt8(ascii: "h") { emit(.x); used = 3 }
                else if n1 == UInt8(ascii: "h") { emit(.x); used = 2 }
                else { emit(.s) }
            case UInt8(ascii: "z"):
                if n1 == UInt8(ascii: "h") { emit(.x); used = 2 } else { emit(.s) }
            case UInt8(ascii: "x"):
                if i > 0 { emit(.k) }
                emit(.s)
            case UInt8(ascii: "t"):
                if n1 == UInt8(ascii: "c") && n2 == UInt8(ascii: "h") { emit(.x); used = 3 }
                else if n1 == UInt8(ascii: "h") { emit(.t); used = 2 }
                else if n1 == UInt8(ascii: "s") || n1 == UInt8(ascii: "z") { emit(.s); used = 2 }
                else { emit(.t) }
            case UInt8(ascii: "d"):
                if n1 == UInt8(ascii: "z") && n2 == UInt8(ascii: "h") { emit(.h); used = 3 }
                else if n1 == UInt8(ascii: "j") { emit(.h); used = 2 }
                else if n1 == UInt8(ascii: "h") { emit(.t); used = 2 }
                else { emit(.t) }
            case UInt8(ascii: "l"):
                if n1 == UInt8(ascii: "l") { last = 0; used = 2 } else { emit(.l) } // Spanish ll = y
            case UInt8(ascii: "r"):
                emit(.r)
            case UInt8(ascii: "m"):
                emit(.m)
            case UInt8(ascii: "n"):
                emit(.n)
            default:
                break
            }
            i += used
        }
        rawValue = key
    }

    /// The codes as letters, for tests and explanations: `A` opening vowel, then
    /// `B F K S X H T L R M N`.
    public var description: String {
        let letters: [Character] = ["?", "A", "B", "F", "K", "S", "X", "H", "T", "L", "R", "M", "N", "?", "?", "?"]
        var codes: [Character] = []
        var value = rawValue
        while value != 0 {
            codes.append(letters[Int(value & 0xF)])
            value >>= 4
        }
        return String(codes.reversed())
    }

    public static func < (a: PhoneticKey, b: PhoneticKey) -> Bool { a.rawValue < b.rawValue }
}
