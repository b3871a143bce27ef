/// One known defect a broken document carries, and what `paxsim validate` reports for it.
///
/// Each mutation changes one thing so that validation reports exactly `expectedCodes`
/// (for rule defects the schema passes and only that rule fires; for schema defects the
/// rules never run). The tests generate every mutation over many seeds and check it.
public enum Mutation: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    // Business rules (errors).
    case mrzCheckDigit = "mrz-check-digit"
    case mrzFormat = "mrz-bad-sex-code"
    case mrzFieldMismatch = "mrz-number-mismatch"
    case birthDateInFuture = "birth-date-in-future"
    case documentExpired = "document-expired"
    case legArrivesBeforeDeparture = "leg-arrives-before-departure"
    case legSequence = "leg-sequence-not-from-one"
    case legChainBroken = "leg-chain-broken"
    case travelerOffRoute = "traveler-embarks-off-route"
    case totalsMismatch = "totals-passengers"
    case documentDuplicate = "document-duplicate"
    case crewOnPassengerList = "crew-on-passenger-list"
    case changeWithoutOriginal = "change-without-original-id"
    // Business rules (warnings: the document stays valid).
    case documentExpiring = "document-expiring"
    case bagTagsMismatch = "bag-count-not-tags"
    case originalWithReference = "original-with-original-id"
    // Schema.
    case badAirportCode = "schema-bad-airport-code"
    case badGender = "schema-bad-gender"
    case badDateOfBirth = "schema-bad-date-of-birth"
    case missingSurname = "schema-missing-surname"
    case unknownCountry = "schema-unknown-country"
    case badMRZLineLength = "schema-bad-mrz-line-length"
    case duplicateTravelerReference = "schema-duplicate-traveler-reference"
    case unknownElement = "schema-unknown-element"
    case elementsOutOfOrder = "schema-elements-out-of-order"
    case timestampWithoutZone = "schema-timestamp-without-zone"
    case missingSchemaVersion = "schema-missing-schema-version"
    // XML and parser safety.
    case doctype = "xml-doctype-refused"
    case notWellFormed = "xml-not-well-formed"

    public var description: String { rawValue }

    /// The codes `paxsim validate` reports for a document with this defect, in order.
    public var expectedCodes: [String] {
        switch self {
        case .mrzCheckDigit: ["PAX-MRZ-CHECK"]
        case .mrzFormat: ["PAX-MRZ-FORMAT"]
        case .mrzFieldMismatch: ["PAX-MRZ-FIELDS"]
        case .birthDateInFuture: ["PAX-BIRTH-DATE"]
        case .documentExpired: ["PAX-DOC-EXPIRED"]
        case .legArrivesBeforeDeparture: ["PAX-LEG-TIMES"]
        case .legSequence: ["PAX-LEG-SEQUENCE"]
        case .legChainBroken: ["PAX-LEG-CHAIN"]
        case .travelerOffRoute: ["PAX-TRAVELER-ROUTE"]
        case .totalsMismatch: ["PAX-TOTALS"]
        case .documentDuplicate: ["PAX-DOC-UNIQUE"]
        case .crewOnPassengerList: ["PAX-KIND-LIST"]
        case .changeWithoutOriginal: ["PAX-ORIGINAL-REF"]
        case .documentExpiring: ["PAX-DOC-EXPIRING"]
        case .bagTagsMismatch: ["PAX-BAGS-TAGS"]
        case .originalWithReference: ["PAX-ORIGINAL-REF-EXTRA"]
        case .badAirportCode, .badMRZLineLength, .timestampWithoutZone: ["XML-SCHEMASV-1839"]
        case .badGender: ["XML-SCHEMASV-1840"]
        case .badDateOfBirth: ["XML-SCHEMASV-1824"]
        case .missingSurname, .unknownElement, .elementsOutOfOrder: ["XML-SCHEMASV-1871"]
        case .unknownCountry: ["XML-SCHEMASV-1826"]
        case .duplicateTravelerReference: ["XML-SCHEMASV-1877"]
        case .missingSchemaVersion: ["XML-SCHEMASV-1868"]
        case .doctype: ["SAFE-DOCTYPE"]
        case .notWellFormed: ["XML-PARSER-76"]
        }
    }

    /// Whether the document fails validation (false for defects reported as warnings).
    public var makesInvalid: Bool {
        switch self {
        case .documentExpiring, .bagTagsMismatch, .originalWithReference: false
        default: true
        }
    }

    /// The mutations `--invalid N` cycles through: every one that makes a document fail.
    public static let failing: [Mutation] = allCases.filter(\.makesInvalid)

    /// The mutations whose defect is named `name`: a mutation name (`mrz-check-digit`) or a
    /// rule id (`PAX-MRZ-CHECK`, `PAX-DOC-EXPIRING`), case-insensitive; empty when none.
    public static func named(_ name: String) -> [Mutation] {
        let wanted = name.lowercased()
        if let exact = allCases.first(where: { $0.rawValue == wanted }) { return [exact] }
        return allCases.filter { mutation in
            mutation.expectedCodes.contains { $0.lowercased() == wanted }
        }
    }
}
