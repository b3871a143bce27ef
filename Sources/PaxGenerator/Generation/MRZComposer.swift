import PaxMessages

/// Writes MRZ lines at byte level for the documents the generator makes: the same lines as
/// `MRZBuilder.build` (which works character by character and costs tens of microseconds a
/// document, too slow for a million travellers), for names already in MRZ form and codes
/// already valid. The tests check it against `MRZBuilder` on thousands of documents, and
/// `DocumentIssuer` uses `MRZBuilder` itself for a sample; anything outside its fast path
/// returns nil and goes to `MRZBuilder`.
enum MRZComposer {
    @inline(__always) static var filler: UInt8 { 0x3C }

    /// The lines, or nil when a field is outside the fast path (a name part without a clean
    /// MRZ form, a long visa number, ...).
    static func lines(code: String, issuer: String, name: PersonName, number: String,
                      nationality: String, birth: CalendarDate, sex: MRZSex, expiry: CalendarDate,
                      format: MRZFormat) -> [String]? {
        let width = format == .td1 ? 30 : 44
        let lineCount = format == .td1 ? 3 : 2
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 90) { buffer -> [String]? in
            buffer.initialize(repeating: filler)
            guard compose(into: buffer, code: code, issuer: issuer, name: name, number: number, nationality: nationality,
                          birth: birth, sex: sex, expiry: expiry, format: format) else { return nil }
            var lines: [String] = []
            lines.reserveCapacity(lineCount)
            for line in 0..<lineCount {
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[(line * width)..<((line + 1) * width)]), as: UTF8.self))
            }
            return lines
        }
    }

    /// Fills `grid` (lines back to back, pre-filled with `<`); false outside the fast path.
    private static func compose(into grid: UnsafeMutableBufferPointer<UInt8>, code: String, issuer: String, name: PersonName,
                                number: String, nationality: String, birth: CalendarDate, sex: MRZSex, expiry: CalendarDate,
                                format: MRZFormat) -> Bool {
        let numberLength = number.utf8.count
        guard code.utf8.count <= 2, issuer.utf8.count <= 3, nationality.utf8.count <= 3, numberLength > 0,
              let codeLength = put(code, into: grid, at: 0, maximum: 2, letters: true), codeLength > 0,
              put(issuer, into: grid, at: 2, maximum: 3, letters: true) != nil,
              let sexByte = sex.rawValue.utf8.first,
              putName(name, into: grid, at: format == .td1 ? 60 : 5, width: format == .td1 ? 30 : 39) else { return false }
        switch format {
        case .td3, .mrvA:
            guard numberLength <= 9, (format == .td3) == (grid[0] != UInt8(ascii: "V")),
                  put(number, into: grid, at: 44, maximum: 9, letters: false) != nil,
                  put(nationality, into: grid, at: 54, maximum: 3, letters: true) != nil else { return false }
            grid[53] = check(grid, 44..<53)
            putDate(birth, into: grid, at: 57)
            grid[63] = check(grid, 57..<63)
            grid[64] = sexByte
            putDate(expiry, into: grid, at: 65)
            grid[71] = check(grid, 65..<71)
            if format == .td3 {
                // Personal number all filler: its check digit stays `<`.
                grid[87] = check(grid, 44..<54, 57..<64, 65..<87)
            }
        case .td1:
            guard numberLength <= 22, put(nationality, into: grid, at: 45, maximum: 3, letters: true) != nil else { return false }
            if numberLength <= 9 {
                guard put(number, into: grid, at: 5, maximum: 9, letters: false) != nil else { return false }
                grid[14] = check(grid, 5..<14)
            } else {
                // Part 5's long number: nine characters, `<`, the rest, its check digit over the whole number, `<`.
                guard put(number, into: grid, at: 5, maximum: 9, letters: false) != nil,
                      put(number, into: grid, at: 15, maximum: 13, letters: false, skipping: 9) != nil else { return false }
                grid[15 + numberLength - 9] = check(grid, 5..<14, 15..<(15 + numberLength - 9))
            }
            putDate(birth, into: grid, at: 30)
            grid[36] = check(grid, 30..<36)
            grid[37] = sexByte
            putDate(expiry, into: grid, at: 38)
            grid[44] = check(grid, 38..<44)
            grid[59] = check(grid, 5..<30, 30..<37, 38..<45, 48..<59)
        }
        return true
    }

    /// Writes `text` (letters, or letters and digits) at `offset`, skipping its first
    /// `skipping` characters and at most `maximum` of the rest; the count written, or nil
    /// for a character outside the field's alphabet.
    private static func put(_ text: String, into grid: UnsafeMutableBufferPointer<UInt8>, at offset: Int, maximum: Int,
                            letters: Bool, skipping: Int = 0) -> Int? {
        var written = 0, index = 0
        for byte in text.utf8 {
            guard isLetter(byte) || (!letters && isDigit(byte)) else { return nil }
            if index >= skipping, written < maximum {
                grid[offset + written] = byte
                written += 1
            }
            index += 1
        }
        return written
    }

    /// Writes the name field at `offset`, cut at `width`; false unless every part has a clean MRZ form.
    private static func putName(_ name: PersonName, into grid: UnsafeMutableBufferPointer<UInt8>, at offset: Int, width: Int) -> Bool {
        var cursor = offset
        let end = offset + width
        guard !name.surnames.isEmpty, put(name.surnames, into: grid, cursor: &cursor, end: end) else { return false }
        if !name.givenNames.isEmpty {
            cursor += 2
            guard put(name.givenNames, into: grid, cursor: &cursor, end: end) else { return false }
        }
        return true
    }

    /// Writes parts' MRZ forms separated by `<` from `cursor`, dropping what passes `end`
    /// (the field is pre-filled with `<`); false if a part is empty or not clean.
    private static func put(_ parts: [NameEntry], into grid: UnsafeMutableBufferPointer<UInt8>, cursor: inout Int, end: Int) -> Bool {
        for index in parts.indices {
            if index > 0 { cursor += 1 }
            var previous = filler
            for byte in parts[index].mrz.utf8 {
                guard isLetter(byte) || isDigit(byte) || (byte == filler && previous != filler) else { return false }
                if cursor < end { grid[cursor] = byte }
                cursor += 1
                previous = byte
            }
            guard previous != filler else { return false }
        }
        return true
    }

    /// `YYMMDD` at `offset`.
    private static func putDate(_ date: CalendarDate, into grid: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let zero = UInt8(ascii: "0"), year = date.year % 100
        grid[offset] = zero + UInt8(year / 10)
        grid[offset + 1] = zero + UInt8(year % 10)
        grid[offset + 2] = zero + UInt8(date.month / 10)
        grid[offset + 3] = zero + UInt8(date.month % 10)
        grid[offset + 4] = zero + UInt8(date.day / 10)
        grid[offset + 5] = zero + UInt8(date.day % 10)
    }

    /// The check digit over `first` then the other ranges of `grid`, weights 7-3-1
    /// running on across the ranges.
    static func check(_ grid: UnsafeMutableBufferPointer<UInt8>, _ first: Range<Int>, _ second: Range<Int> = 0..<0,
                      _ third: Range<Int> = 0..<0, _ fourth: Range<Int> = 0..<0) -> UInt8 {
        var sum = 0, weight = 0
        func add(_ range: Range<Int>) {
            for index in range {
                let byte = grid[index]
                let value: Int
                if byte >= 0x30 && byte <= 0x39 {
                    value = Int(byte - 0x30)
                } else if byte >= 0x41 && byte <= 0x5A {
                    value = Int(byte - 0x41) + 10
                } else {
                    value = 0
                }
                sum += value * (weight == 0 ? 7 : weight == 1 ? 3 : 1)
                weight = weight == 2 ? 0 : weight + 1
            }
        }
        add(first)
        add(second)
        add(third)
        add(fourth)
        return 0x30 + UInt8(sum % 10)
    }

    @inline(__always) private static func isLetter(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
