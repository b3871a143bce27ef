import PaxMessages

/// A traveller, document or flight field that rules can test, with its type, whether a
/// manifest may leave it out, and how to read it.
///
/// `document.*` fields read the traveller's first document (the one travelled on).
/// Dates are compared through derived numbers (`traveler.age`, `document.daysValidAfterArrival`)
/// so rules stay free of calendar arithmetic.
struct RuleField: Sendable {
    let name: String
    let type: RuleFieldType
    /// One line for `paxsim` help and error messages.
    let summary: String
    let read: @Sendable (RuleFacts) -> RuleValue

    static let all: [RuleField] = [
        RuleField(name: "traveler.kind", type: .code(TravelerKind.allCases.map(\.rawValue)),
                  summary: "Passenger, Crew, TransitPassenger or TransitCrew") { .text($0.traveler.kind.rawValue) },
        RuleField(name: "traveler.isCrew", type: .bool, summary: "crew or transit crew") { .bool(!$0.traveler.kind.isPassenger) },
        RuleField(name: "traveler.gender", type: .code(Gender.allCases.map(\.rawValue)), summary: "M, F, X or U") { .text($0.traveler.gender.rawValue) },
        RuleField(name: "traveler.age", type: .int, summary: "age in whole years on the day the flight departs") { .int($0.age) },
        RuleField(name: "traveler.nationality", type: .country, summary: "nationality code") { .text($0.traveler.nationality.rawValue) },
        RuleField(name: "traveler.countryOfResidence", type: .country, summary: "country of residence, when given") {
            $0.traveler.countryOfResidence.map { .text($0.rawValue) } ?? .missing
        },
        RuleField(name: "traveler.placeOfBirth", type: .text, summary: "place of birth, when given") {
            $0.traveler.placeOfBirth.map(RuleValue.text) ?? .missing
        },
        RuleField(name: "traveler.address", type: .text, summary: "city of the address, when given") {
            $0.traveler.address.map { .text($0.city) } ?? .missing
        },
        RuleField(name: "traveler.embarkation", type: .airport, summary: "airport where the traveller boards") { .text($0.traveler.embarkation) },
        RuleField(name: "traveler.debarkation", type: .airport, summary: "airport where the traveller leaves the flight") { .text($0.traveler.debarkation) },
        RuleField(name: "traveler.verified", type: .bool, summary: "the carrier checked the data against the document") { .bool($0.traveler.verified) },
        RuleField(name: "traveler.seat", type: .text, summary: "seat, when assigned") { $0.traveler.seat.map(RuleValue.text) ?? .missing },
        RuleField(name: "traveler.bagCount", type: .int, summary: "checked bags, when reported") { $0.traveler.bags.map { .int($0.count) } ?? .missing },
        RuleField(name: "traveler.recordLocator", type: .text, summary: "booking record locator, when given") {
            $0.traveler.recordLocator.map(RuleValue.text) ?? .missing
        },
        RuleField(name: "traveler.documentCount", type: .int, summary: "number of travel documents") { .int($0.traveler.documents.count) },
        RuleField(name: "document.type", type: .code(DocumentType.allCases.map(\.rawValue)), summary: "type code of the first document") {
            $0.document.map { .text($0.type.rawValue) } ?? .missing
        },
        RuleField(name: "document.number", type: .text, summary: "number of the first document") { $0.document.map { .text($0.number) } ?? .missing },
        RuleField(name: "document.issuingState", type: .country, summary: "issuing state of the first document") {
            $0.document.map { .text($0.issuingState.rawValue) } ?? .missing
        },
        RuleField(name: "document.issuedByNationality", type: .bool, summary: "the first document's issuing state is the traveller's nationality") { facts in
            facts.document.map { .bool($0.issuingState == facts.traveler.nationality) } ?? .missing
        },
        RuleField(name: "document.expiresBeforeArrival", type: .bool, summary: "the first document expires before the traveller's scheduled arrival") {
            $0.daysValidAfterArrival.map { .bool($0 < 0) } ?? .missing
        },
        RuleField(name: "document.daysValidAfterArrival", type: .int, summary: "days from scheduled arrival to the first document's expiry") {
            $0.daysValidAfterArrival.map(RuleValue.int) ?? .missing
        },
        RuleField(name: "document.hasMRZ", type: .bool, summary: "the first document's machine-readable zone was read") {
            $0.document.map { .bool(!$0.mrzLines.isEmpty) } ?? .missing
        },
        RuleField(name: "flight.carrier", type: .text, summary: "airline designator") { .text($0.flight.carrier) },
        RuleField(name: "flight.number", type: .text, summary: "flight number without the carrier") { .text($0.flight.flightNumber) },
        RuleField(name: "flight.origin", type: .airport, summary: "airport of the first departure") { $0.flight.origin.map(RuleValue.text) ?? .missing },
        RuleField(name: "flight.destination", type: .airport, summary: "airport of the last arrival") {
            $0.flight.destination.map(RuleValue.text) ?? .missing
        },
        RuleField(name: "flight.route", type: .airports, summary: "every airport of the flight, in order") { .list($0.route) },
        RuleField(name: "flight.legCount", type: .int, summary: "number of legs") { .int($0.flight.legs.count) },
    ]

    static let byName: [String: RuleField] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The manifest element a field reads, in the vocabulary of `AssessmentReason.matchedFields`.
    var messageField: String {
        Self.messageFields[name] ?? "Traveler"
    }

    private static let messageFields: [String: String] = [
        "traveler.kind": "Kind", "traveler.isCrew": "Kind", "traveler.gender": "Gender", "traveler.age": "DateOfBirth",
        "traveler.nationality": "Nationality", "traveler.countryOfResidence": "CountryOfResidence",
        "traveler.placeOfBirth": "PlaceOfBirth", "traveler.address": "Address", "traveler.embarkation": "Embarkation",
        "traveler.debarkation": "Debarkation", "traveler.verified": "Verified", "traveler.seat": "Seat",
        "traveler.bagCount": "Bags", "traveler.recordLocator": "RecordLocator", "traveler.documentCount": "Documents",
        "document.type": "DocumentType", "document.number": "DocumentNumber", "document.issuingState": "IssuingState",
        "document.issuedByNationality": "IssuingState", "document.expiresBeforeArrival": "ExpiryDate",
        "document.daysValidAfterArrival": "ExpiryDate", "document.hasMRZ": "MRZ", "flight.carrier": "Carrier",
        "flight.number": "FlightNumber", "flight.origin": "DepartureAirport", "flight.destination": "ArrivalAirport",
        "flight.route": "Legs", "flight.legCount": "Legs",
    ]
}
