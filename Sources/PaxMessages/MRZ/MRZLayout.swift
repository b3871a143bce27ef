/// A run of characters on one MRZ line; `line` and `start` are zero-based.
struct MRZSpan: Sendable, Equatable {
    let line: Int
    let start: Int
    let length: Int

    init(line: Int, _ range: Range<Int>) {
        self.line = line
        self.start = range.lowerBound
        self.length = range.count
    }

    var range: Range<Int> { start..<(start + length) }
}

/// Where each field sits in a format (ICAO Doc 9303 Part 4 for TD3, Part 5 for TD1, Part 7
/// for MRV-A), so builder, parser and verifier share one table.
struct MRZLayout: Sendable {
    let format: MRZFormat
    let documentCode: MRZSpan
    let issuingState: MRZSpan
    let name: MRZSpan
    let documentNumber: MRZSpan
    let documentNumberCheck: MRZSpan
    let nationality: MRZSpan
    let dateOfBirth: MRZSpan
    let dateOfBirthCheck: MRZSpan
    let sex: MRZSpan
    let dateOfExpiry: MRZSpan
    let dateOfExpiryCheck: MRZSpan
    let optionalData: MRZSpan
    /// TD3's personal-number check digit.
    let optionalDataCheck: MRZSpan?
    let optionalData2: MRZSpan?
    let composite: MRZSpan?
    /// The spans the composite check digit covers, in order.
    let compositeCovers: [MRZSpan]

    /// Document numbers over 9 characters continue at the start of `optionalData`.
    var allowsLongDocumentNumber: Bool { format != .mrvA }

    /// The layout of `format` (built once per format).
    static func of(_ format: MRZFormat) -> MRZLayout {
        switch format {
        case .td3: td3
        case .td1: td1
        case .mrvA: mrvA
        }
    }

    private static let td3 = MRZLayout(.td3)
    private static let td1 = MRZLayout(.td1)
    private static let mrvA = MRZLayout(.mrvA)

    init(_ format: MRZFormat) {
        self.format = format
        switch format {
        case .td3, .mrvA:
            documentCode = MRZSpan(line: 0, 0..<2)
            issuingState = MRZSpan(line: 0, 2..<5)
            name = MRZSpan(line: 0, 5..<44)
            documentNumber = MRZSpan(line: 1, 0..<9)
            documentNumberCheck = MRZSpan(line: 1, 9..<10)
            nationality = MRZSpan(line: 1, 10..<13)
            dateOfBirth = MRZSpan(line: 1, 13..<19)
            dateOfBirthCheck = MRZSpan(line: 1, 19..<20)
            sex = MRZSpan(line: 1, 20..<21)
            dateOfExpiry = MRZSpan(line: 1, 21..<27)
            dateOfExpiryCheck = MRZSpan(line: 1, 27..<28)
            optionalData2 = nil
            if format == .td3 {
                optionalData = MRZSpan(line: 1, 28..<42)
                optionalDataCheck = MRZSpan(line: 1, 42..<43)
                composite = MRZSpan(line: 1, 43..<44)
                compositeCovers = [MRZSpan(line: 1, 0..<10), MRZSpan(line: 1, 13..<20), MRZSpan(line: 1, 21..<43)]
            } else {
                optionalData = MRZSpan(line: 1, 28..<44)
                optionalDataCheck = nil
                composite = nil
                compositeCovers = []
            }
        case .td1:
            documentCode = MRZSpan(line: 0, 0..<2)
            issuingState = MRZSpan(line: 0, 2..<5)
            documentNumber = MRZSpan(line: 0, 5..<14)
            documentNumberCheck = MRZSpan(line: 0, 14..<15)
            optionalData = MRZSpan(line: 0, 15..<30)
            optionalDataCheck = nil
            dateOfBirth = MRZSpan(line: 1, 0..<6)
            dateOfBirthCheck = MRZSpan(line: 1, 6..<7)
            sex = MRZSpan(line: 1, 7..<8)
            dateOfExpiry = MRZSpan(line: 1, 8..<14)
            dateOfExpiryCheck = MRZSpan(line: 1, 14..<15)
            nationality = MRZSpan(line: 1, 15..<18)
            optionalData2 = MRZSpan(line: 1, 18..<29)
            composite = MRZSpan(line: 1, 29..<30)
            compositeCovers = [MRZSpan(line: 0, 5..<30), MRZSpan(line: 1, 0..<7), MRZSpan(line: 1, 8..<15), MRZSpan(line: 1, 18..<29)]
            name = MRZSpan(line: 2, 0..<30)
        }
    }
}
