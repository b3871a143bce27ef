/// MRZ dates: six characters `YYMMDD`, century not recorded.
///
/// A date of birth may have unknown parts written as `<<` (Doc 9303 Part 3); expiry dates
/// may not.
public enum MRZDate {
    /// `YYMMDD` from `YYYY-MM-DD` or `YYMMDD`; nil if the text is neither or not a real date.
    public static func yymmdd(from text: String) -> String? {
        let characters = Array(text)
        let candidate: String
        if characters.count == 10, characters[4] == "-", characters[7] == "-",
           characters.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || MRZAlphabet.isDigit($0.element) }) {
            candidate = String(characters[2..<4]) + String(characters[5..<7]) + String(characters[8..<10])
        } else if characters.count == 6, characters.allSatisfy(MRZAlphabet.isDigit) {
            candidate = text
        } else {
            return nil
        }
        return isValid(candidate, allowUnknownParts: false) ? candidate : nil
    }

    /// Whether `yymmdd` is a plausible MRZ date: six characters, month 01-12, day within the
    /// month (29 February only in years divisible by 4). With `allowUnknownParts`, any of
    /// the three pairs may be `<<`.
    public static func isValid(_ yymmdd: String, allowUnknownParts: Bool) -> Bool {
        MRZAlphabet.isAlphabetOnly(yymmdd)
            ? isValid(cells: Array(yymmdd.utf8), allowUnknownParts: allowUnknownParts)
            : isValid(cells: Array(yymmdd), allowUnknownParts: allowUnknownParts)
    }

    /// `isValid(_:allowUnknownParts:)` over MRZ cells.
    static func isValid<C: Collection>(cells: C, allowUnknownParts: Bool) -> Bool where C.Element: MRZCell {
        guard cells.count == 6 else { return false }
        var index = cells.startIndex
        func pair() -> Int?? {
            let a = cells[index]
            index = cells.index(after: index)
            let b = cells[index]
            index = cells.index(after: index)
            if allowUnknownParts, a == C.Element.filler, b == C.Element.filler { return .some(nil) }
            guard let x = a.mrzValue, let y = b.mrzValue, a.isMRZDigit, b.isMRZDigit else { return nil }
            return .some(x * 10 + y)
        }
        guard let year = pair(), let month = pair(), let day = pair() else { return false }
        if let month, !(1...12).contains(month) { return false }
        guard let day else { return true }
        let longest: Int
        switch month {
        case nil: longest = 31
        case 2?: longest = (year.map { $0 % 4 == 0 } ?? true) ? 29 : 28
        case 4?, 6?, 9?, 11?: longest = 30
        default: longest = 31
        }
        return (1...longest).contains(day)
    }
}
