/// Element paths for rule diagnostics, written as SafeXML's `ElementPath` writes them:
/// local names, a 1-based `[n]` only when the element has same-named siblings, `/@name`
/// for attributes.
enum RulePath {
    /// `name[index + 1]` when there are several, plain `name` when there is one.
    static func step(_ name: String, _ index: Int, of count: Int) -> String {
        count > 1 ? "\(name)[\(index + 1)]" : name
    }
}

extension TravelerManifest {
    static let rootPath = "/" + rootElementName

    func travelerPath(_ index: Int) -> String {
        Self.rootPath + "/Travelers/" + RulePath.step("Traveler", index, of: travelers.count)
    }

    func documentPath(traveler: Int, document: Int) -> String {
        let count = travelers.indices.contains(traveler) ? travelers[traveler].documents.count : 1
        return travelerPath(traveler) + "/Documents/" + RulePath.step("Document", document, of: count)
    }

    func mrzLinePath(traveler: Int, document: Int, line: Int) -> String {
        var count = 2
        if travelers.indices.contains(traveler), travelers[traveler].documents.indices.contains(document) {
            count = travelers[traveler].documents[document].mrzLines.count
        }
        return documentPath(traveler: traveler, document: document) + "/MRZ/" + RulePath.step("Line", line, of: count)
    }

    func legPath(_ index: Int) -> String {
        Self.rootPath + "/Flight/Legs/" + RulePath.step("Leg", index, of: flight.legs.count)
    }
}

extension Traveler {
    /// `traveller TA570-0314-003 (HERNÁNDEZ MARTÍNEZ, SOFÍA ALEJANDRA)`.
    var label: String {
        "traveller \(reference) (\(surname)" + (givenNames.map { ", " + $0 } ?? "") + ")"
    }
}

extension TravelDocument {
    /// `passport B01876540`.
    var label: String { "\(type.name) \(number)" }
}

extension DocumentType {
    /// The document type in words, for messages.
    var name: String {
        switch self {
        case .passport: "passport"
        case .identityCard: "identity card"
        case .visa: "visa"
        case .crewMemberCertificate: "crew member certificate"
        case .facilitationDocument: "facilitation document"
        case .militaryIdentification: "military identification"
        case .permanentResidentCard: "permanent resident card"
        case .residentAlienCard: "resident alien card"
        case .pilotLicence: "pilot licence"
        }
    }
}

extension Flight {
    /// `TA570`.
    var designator: String { carrier + flightNumber }

    /// `SAL-IAH, IAH-ORD`.
    var route: String { legs.map { "\($0.departureAirport)-\($0.arrivalAirport)" }.joined(separator: ", ") }
}
