/// MRZ lines written byte by byte from fields already in MRZ form: the one writer of MRZ
/// lines. `MRZBuilder.build` normalises any fields and composes them here; a generator that
/// holds names and codes in MRZ form already (a million documents a run) calls it directly.
///
/// Fields go where `MRZLayout` puts them, with every check digit as `MRZBuilder` documents
/// (long document numbers as `MRZDocumentNumber` describes). Nothing is transliterated,
/// uppercased or trimmed here: a value outside the field's alphabet or length gives nil.
public enum MRZComposer {
    /// Writes the name field: the primary identifier's components separated by `<`, then
    /// `<<` and the secondary identifier's components, cut at the field's width.
    public struct NameWriter {
        fileprivate let grid: UnsafeMutableBufferPointer<UInt8>
        fileprivate var cursor: Int
        fileprivate let end: Int
        fileprivate var primaryCount = 0
        fileprivate var secondaryCount = 0
        fileprivate var valid = true

        fileprivate init(grid: UnsafeMutableBufferPointer<UInt8>, span: Range<Int>) {
            self.grid = grid
            cursor = span.lowerBound
            end = span.upperBound
        }

        /// Appends a component of the primary identifier (surname); call before `secondary`.
        /// Inner spaces become `<`.
        public mutating func primary(_ component: String) {
            if secondaryCount > 0 { valid = false }
            if primaryCount > 0 { cursor += 1 }
            primaryCount += 1
            put(component)
        }

        /// Appends a component of the secondary identifier (given names).
        public mutating func secondary(_ component: String) {
            cursor += secondaryCount > 0 ? 1 : 2
            secondaryCount += 1
            put(component)
        }

        /// Writes a component in MRZ form: non-empty, `[0-9A-Z]` runs separated by single
        /// `<` or spaces; anything else makes the whole MRZ nil (the caller normalises it).
        private mutating func put(_ component: String) {
            var component = component
            component.withUTF8 { put($0) }
        }

        private mutating func put(_ component: UnsafeBufferPointer<UInt8>) {
            var previous = MRZComposer.filler
            for var byte in component {
                if byte == 0x20 { byte = MRZComposer.filler }
                guard MRZComposer.isLetter(byte) || MRZComposer.isDigit(byte) || (byte == MRZComposer.filler && previous != MRZComposer.filler) else {
                    valid = false
                    return
                }
                if cursor < end { grid[cursor] = byte }
                cursor += 1
                previous = byte
            }
            if previous == MRZComposer.filler { valid = false }
        }
    }

    static let filler: UInt8 = 0x3C

    /// The MRZ lines of a document in `format`, or nil when a field is outside its alphabet
    /// or length. Codes are `[A-Z<]` (the document code's first character a letter, `V`
    /// exactly for MRV-A), the number `[0-9A-Z]`, dates `YYMMDD` (`<` for unknown parts of
    /// the birth date), optional data `[0-9A-Z<]`; `name` writes the name field.
    public static func lines(format: MRZFormat, documentCode: String, issuingState: String, documentNumber: String,
                             nationality: String, dateOfBirth: String, sex: MRZSex, dateOfExpiry: String,
                             optionalData: String = "", optionalData2: String = "",
                             name: (inout NameWriter) -> Void) -> [String]? {
        let width = format.lineLength
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: gridCapacity) { grid -> [String]? in
            guard compose(format: format, documentCode: documentCode, issuingState: issuingState, documentNumber: documentNumber,
                          nationality: nationality, dateOfBirth: dateOfBirth, sex: sex, dateOfExpiry: dateOfExpiry,
                          optionalData: optionalData, optionalData2: optionalData2, into: grid, name: name) else { return nil }
            var lines: [String] = []
            lines.reserveCapacity(format.lineCount)
            for line in 0..<format.lineCount {
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: grid[(line * width)..<((line + 1) * width)]), as: UTF8.self))
            }
            return lines
        }
    }

    /// Bytes `compose` needs: the longest MRZ, two lines of 44 or three of 30.
    public static let gridCapacity = 90

    /// `lines(...)` written into `grid` (at least `gridCapacity` bytes) instead of strings:
    /// line `i` is `grid[i * format.lineLength ..< (i + 1) * format.lineLength]`. False,
    /// with `grid` in no particular state, where `lines` gives nil. For writers that put
    /// millions of MRZs straight into a document.
    public static func compose(format: MRZFormat, documentCode: String, issuingState: String, documentNumber: String,
                               nationality: String, dateOfBirth: String, sex: MRZSex, dateOfExpiry: String,
                               optionalData: String = "", optionalData2: String = "",
                               into grid: UnsafeMutableBufferPointer<UInt8>,
                               name: (inout NameWriter) -> Void) -> Bool {
        let layout = Self.layout(format)
        let width = format.lineLength
        guard grid.count >= format.lineCount * width else { return false }
        grid.initialize(repeating: filler)
        func at(_ span: MRZSpan) -> Range<Int> { (span.line * width + span.start)..<(span.line * width + span.start + span.length) }

        // Visas (MRV-A) are `V...`; passports (TD3) never are.
        guard let first = documentCode.utf8.first, isLetter(first),
              format == .mrvA ? first == UInt8(ascii: "V") : format != .td3 || first != UInt8(ascii: "V"),
              put(documentCode, at(layout.documentCode), grid, letters: true),
              put(issuingState, at(layout.issuingState), grid, letters: true),
              put(nationality, at(layout.nationality), grid, letters: true),
              put(dateOfBirth, at(layout.dateOfBirth), grid, digits: true),
              put(dateOfExpiry, at(layout.dateOfExpiry), grid, digits: true),
              dateOfBirth.utf8.count == 6, dateOfExpiry.utf8.count == 6,
              let sexByte = sex.rawValue.utf8.first else { return false }
        var names = NameWriter(grid: grid, span: at(layout.name))
        name(&names)
        guard names.valid else { return false }

        let numberField = at(layout.documentNumber), optional = at(layout.optionalData)
        let numberLength = documentNumber.utf8.count
        guard numberLength <= format.maximumDocumentNumberLength else { return false }
        if numberLength <= numberField.count {
            guard put(documentNumber, numberField, grid, alphanumeric: true),
                  put(optionalData, optional, grid, free: true) else { return false }
            grid[at(layout.documentNumberCheck).lowerBound] = check(grid, numberField)
        } else {
            // The first nine characters, `<` for their check digit, the rest at the start
            // of the optional data, the check digit over the whole number, `<`, the data.
            let overflow = numberLength - numberField.count
            let rest = optional.lowerBound..<(optional.lowerBound + overflow)
            guard put(documentNumber, numberField, grid, alphanumeric: true, skipping: 0),
                  put(documentNumber, rest, grid, alphanumeric: true, skipping: numberField.count),
                  put(optionalData, (rest.upperBound + 2)..<optional.upperBound, grid, free: true) else { return false }
            grid[rest.upperBound] = check(grid, numberField, rest)
        }
        grid[at(layout.dateOfBirthCheck).lowerBound] = check(grid, at(layout.dateOfBirth))
        grid[at(layout.sex).lowerBound] = sexByte
        grid[at(layout.dateOfExpiryCheck).lowerBound] = check(grid, at(layout.dateOfExpiry))
        if let span = layout.optionalData2 {
            guard put(optionalData2, at(span), grid, free: true) else { return false }
        } else if !optionalData2.isEmpty {
            return false
        }
        if let span = layout.optionalDataCheck {
            let data = grid[optional]
            grid[at(span).lowerBound] = data.allSatisfy { $0 == filler } ? filler : check(grid, optional)
        }
        if let span = layout.composite {
            let covers = layout.compositeCovers
            grid[at(span).lowerBound] = check(grid, at(covers[0]), covers.count > 1 ? at(covers[1]) : 0..<0,
                                              covers.count > 2 ? at(covers[2]) : 0..<0, covers.count > 3 ? at(covers[3]) : 0..<0)
        }
        return true
    }

    private static let td3Layout = MRZLayout(.td3)
    private static let td1Layout = MRZLayout(.td1)
    private static let mrvALayout = MRZLayout(.mrvA)

    private static func layout(_ format: MRZFormat) -> MRZLayout {
        switch format {
        case .td3: td3Layout
        case .td1: td1Layout
        case .mrvA: mrvALayout
        }
    }

    /// Writes `text`, after skipping its first `skipping` bytes, into `span` (left-aligned,
    /// the rest stays `<`); false when it does not fit or has a byte outside the alphabet:
    /// `[A-Z<]` (`letters`), `[0-9<]` (`digits`), `[0-9A-Z]` (`alphanumeric`), `[0-9A-Z<]` (`free`).
    private static func put(_ text: String, _ span: Range<Int>, _ grid: UnsafeMutableBufferPointer<UInt8>,
                            letters: Bool = false, digits: Bool = false, alphanumeric: Bool = false, free: Bool = false,
                            skipping: Int? = nil) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            put(utf8, span, grid, letters: letters, digits: digits, alphanumeric: alphanumeric, free: free, skipping: skipping)
        }
    }

    private static func put(_ utf8: UnsafeBufferPointer<UInt8>, _ span: Range<Int>, _ grid: UnsafeMutableBufferPointer<UInt8>,
                            letters: Bool, digits: Bool, alphanumeric: Bool, free: Bool, skipping: Int?) -> Bool {
        var index = 0, cursor = span.lowerBound
        for byte in utf8 {
            let allowed = isLetter(byte) ? !digits : isDigit(byte) ? !letters : byte == filler && !alphanumeric
            guard allowed else { return false }
            if let skipping {
                // Part of a long number: only the bytes from `skipping` on that fit.
                if index >= skipping, cursor < span.upperBound {
                    grid[cursor] = byte
                    cursor += 1
                }
            } else {
                guard cursor < span.upperBound else { return false }
                grid[cursor] = byte
                cursor += 1
            }
            index += 1
        }
        return true
    }

    /// The check digit over the ranges of `grid` in order, weights 7-3-1 running on across them.
    private static func check(_ grid: UnsafeMutableBufferPointer<UInt8>, _ first: Range<Int>, _ second: Range<Int> = 0..<0,
                              _ third: Range<Int> = 0..<0, _ fourth: Range<Int> = 0..<0) -> UInt8 {
        var sum = 0, weight = 0
        func add(_ range: Range<Int>) {
            for index in range {
                // Without branches (the bytes mix digits, letters and fillers): digits 0-9,
                // letters 10-35, `<` 0; weights 7, 3, 1 packed in one word.
                let byte = Int(grid[index])
                let value = byte >= 0x41 ? byte &- 0x37 : (byte <= 0x39 ? byte &- 0x30 : 0)
                sum &+= value &* ((0x01_03_07 &>> (weight &* 8)) & 0xFF)
                weight = weight == 2 ? 0 : weight &+ 1
            }
        }
        add(first)
        add(second)
        add(third)
        add(fourth)
        return 0x30 + UInt8(sum % 10)
    }

    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
