import PaxMessages

/// Encodes `<Traveler>` elements fast by filling in templates that PaxMessages' own encoder
/// wrote, so that no element, attribute, order or indentation is written by code of ours.
///
/// For each shape of traveller (which optional elements are present, how many bag tags,
/// documents and MRZ lines, and the code-list values, which are written verbatim), a probe
/// traveller whose every free value is a unique marker is encoded once by
/// `TravelerManifest.xml()`; the markers' positions cut the result into literal pieces and
/// value slots. Filling a template is then a few dozen byte copies instead of a few dozen
/// writer calls.
///
/// Values are written in the lexical forms PaxMessages writes (`description`, `rawValue`)
/// with `XMLWriter`'s escaping. The first traveller of each shape, and one in 4096 after,
/// is also encoded exactly and compared; on any difference the encoder falls back to exact
/// encoding for the rest of the manifest. Travellers the templates cannot represent
/// (extension elements, many bag tags, characters XML cannot carry) are encoded exactly.
struct TravelerTemplates {
    /// Encodes travellers exactly, as they appear inside the manifest (PaxMessages' encoder).
    let exact: @Sendable ([Traveler]) throws(OutputError) -> ArraySlice<UInt8>
    private var templates: [UInt64: Template?] = [:]
    private var verifiedShapes: Set<UInt64> = []
    private var count = 0
    /// False once a template disagreed with the exact encoding.
    private(set) var trusted = true

    init(exact: @escaping @Sendable ([Traveler]) throws(OutputError) -> ArraySlice<UInt8>) {
        self.exact = exact
    }

    /// Appends the encoding of `traveler` to `out`.
    mutating func append(_ traveler: Traveler, to out: ByteWriter) throws(OutputError) {
        count += 1
        guard trusted, let key = Shape.key(of: traveler) else {
            out.append(try exact([traveler]))
            return
        }
        let template: Template?
        if let known = templates[key] {
            template = known
        } else {
            template = Shape(traveler).flatMap { Template(shape: $0, exact: exact) }
            templates[key] = template
        }
        let mark = out.count
        guard let template, template.fill(traveler, into: out) else {
            out.truncate(to: mark)
            out.append(try exact([traveler]))
            return
        }
        if !verifiedShapes.contains(key) || count % 4096 == 0 {
            let reference = try exact([traveler])
            if !out.suffix(from: mark, equals: reference) {
                trusted = false
                out.truncate(to: mark)
                out.append(reference)
                return
            }
            verifiedShapes.insert(key)
        }
    }
}

/// Which elements a traveller's encoding has, packed into one integer: equal keys, same
/// element structure and code-list values.
struct Shape {
    let key: UInt64
    let kind: TravelerKind
    let gender: Gender
    let verified: Bool
    let hasGivenNames, hasResidence, hasPlaceOfBirth, hasAddress, hasPostalCode, hasSeat, hasLocator: Bool
    /// Nil without a `Bags` element, else the number of tags (at most 6).
    let tags: Int?
    /// (type, MRZ line count) of each document.
    let documents: [(DocumentType, Int)]

    init?(_ traveler: Traveler) {
        guard traveler.extensions.isEmpty, (1...5).contains(traveler.documents.count),
              (traveler.bags?.tags.count ?? 0) <= 6 else { return nil }
        kind = traveler.kind
        gender = traveler.gender
        verified = traveler.verified
        hasGivenNames = traveler.givenNames != nil
        hasResidence = traveler.countryOfResidence != nil
        hasPlaceOfBirth = traveler.placeOfBirth != nil
        hasAddress = traveler.address != nil
        hasPostalCode = traveler.address?.postalCode != nil
        hasSeat = traveler.seat != nil
        hasLocator = traveler.recordLocator != nil
        tags = traveler.bags.map(\.tags.count)
        var documents: [(DocumentType, Int)] = []
        for document in traveler.documents {
            guard document.extensions.isEmpty, [0, 2, 3].contains(document.mrzLines.count) else { return nil }
            documents.append((document.type, document.mrzLines.count))
        }
        self.documents = documents
        guard let key = Self.key(of: traveler) else { return nil }
        self.key = key
    }

    /// The shape's key, without building the shape (the hot path); nil for travellers
    /// the templates do not cover.
    static func key(of traveler: Traveler) -> UInt64? {
        guard traveler.extensions.isEmpty else { return nil }
        let documents = traveler.documents
        let tags = traveler.bags?.tags.count ?? 0
        guard documents.count >= 1, documents.count <= 5, tags <= 6 else { return nil }
        var key: UInt64
        switch traveler.kind {
        case .passenger: key = 0
        case .crew: key = 1
        case .transitPassenger: key = 2
        case .transitCrew: key = 3
        }
        switch traveler.gender {
        case .male: break
        case .female: key |= 1 << 2
        case .unspecified: key |= 2 << 2
        case .unknown: key |= 3 << 2
        }
        if traveler.verified { key |= 1 << 4 }
        if traveler.givenNames != nil { key |= 1 << 5 }
        if traveler.countryOfResidence != nil { key |= 1 << 6 }
        if traveler.placeOfBirth != nil { key |= 1 << 7 }
        if let address = traveler.address {
            key |= 1 << 8
            if address.postalCode != nil { key |= 1 << 9 }
        }
        if traveler.seat != nil { key |= 1 << 10 }
        if traveler.recordLocator != nil { key |= 1 << 11 }
        if traveler.bags != nil { key |= UInt64(tags + 1) << 12 }
        key |= UInt64(documents.count) << 15
        for index in 0..<documents.count {
            let lines = documents[index].mrzLines.count
            guard documents[index].extensions.isEmpty, lines == 0 || lines == 2 || lines == 3 else { return nil }
            let type: UInt64
            switch documents[index].type {
            case .passport: type = 0
            case .identityCard: type = 1
            case .visa: type = 2
            case .crewMemberCertificate: type = 3
            case .facilitationDocument: type = 4
            case .militaryIdentification: type = 5
            case .permanentResidentCard: type = 6
            case .residentAlienCard: type = 7
            case .pilotLicence: type = 8
            }
            key |= (type | UInt64(lines == 0 ? 0 : lines - 1) << 4) << UInt64(18 + 6 * index)
        }
        return key
    }
}

/// The free values of a traveller, each filled into its place in a template.
enum Slot: Hashable {
    case reference, surname, givenNames, dateOfBirth, nationality, residence, placeOfBirth
    case street, city, postalCode, addressCountry, embarkation, debarkation, seat, bagCount, recordLocator
    case bagTag(Int), number(Int), issuingState(Int), expiry(Int), mrzLine(Int, Int)
}

/// One shape's encoding cut into literal bytes and slots.
struct Template {
    /// Literal bytes `literals[start..<end]`, then the slot's value (none after the last).
    struct Piece {
        var start: Int
        var end: Int
        var slot: Slot?
    }

    /// Every literal piece, back to back.
    let literals: [UInt8]
    let pieces: [Piece]

    /// Encodes a probe of `shape` whose free values are unique markers and cuts it at the
    /// markers; nil when a marker is not found exactly once.
    init?(shape: Shape, exact: ([Traveler]) throws(OutputError) -> ArraySlice<UInt8>) {
        var markers: [(Slot, [UInt8])] = []
        func marker(_ slot: Slot) -> String {
            let scalar = Unicode.Scalar(UInt32(0xE000 + markers.count)) ?? "\u{E000}"
            let text = String(Character(scalar))
            markers.append((slot, Array(text.utf8)))
            return text
        }
        func date(_ slot: Slot, year: Int) -> CalendarDate? {
            guard let date = CalendarDate(year: year, month: 1, day: 1) else { return nil }
            markers.append((slot, Array(date.description.utf8)))
            return date
        }
        let probeBagCount = 900_000_001
        guard let birth = date(.dateOfBirth, year: 1) else { return nil }
        var documents: [TravelDocument] = []
        for (index, (type, lines)) in shape.documents.enumerated() {
            let number = marker(.number(index)), issuer = marker(.issuingState(index))
            guard let expiry = date(.expiry(index), year: 2 + index) else { return nil }
            let mrz = (0..<lines).map { marker(.mrzLine(index, $0)) }
            documents.append(TravelDocument(type: type, number: number, issuingState: CountryCode(issuer), expiryDate: expiry, mrzLines: mrz))
        }
        var address: Address? = nil
        if shape.hasAddress {
            address = Address(street: marker(.street), city: marker(.city), postalCode: shape.hasPostalCode ? marker(.postalCode) : nil,
                              country: CountryCode(marker(.addressCountry)))
        }
        var bags: Baggage? = nil
        if let tags = shape.tags {
            markers.append((.bagCount, Array(String(probeBagCount).utf8)))
            bags = Baggage(count: probeBagCount, tags: (0..<tags).map { marker(.bagTag($0)) })
        }
        let probe = Traveler(
            reference: marker(.reference), kind: shape.kind, surname: marker(.surname),
            givenNames: shape.hasGivenNames ? marker(.givenNames) : nil, gender: shape.gender, dateOfBirth: birth,
            nationality: CountryCode(marker(.nationality)), countryOfResidence: shape.hasResidence ? CountryCode(marker(.residence)) : nil,
            placeOfBirth: shape.hasPlaceOfBirth ? marker(.placeOfBirth) : nil, address: address,
            embarkation: marker(.embarkation), debarkation: marker(.debarkation), verified: shape.verified,
            seat: shape.hasSeat ? marker(.seat) : nil, bags: bags, recordLocator: shape.hasLocator ? marker(.recordLocator) : nil,
            documents: documents)
        guard let encoded = try? Array(exact([probe])) else { return nil }
        var found: [(position: Int, length: Int, slot: Slot)] = []
        for (slot, bytes) in markers {
            let positions = Self.occurrences(of: bytes, in: encoded)
            guard positions.count == 1 else { return nil }
            found.append((positions[0], bytes.count, slot))
        }
        found.sort { $0.position < $1.position }
        var literals: [UInt8] = []
        var pieces: [Piece] = []
        var cursor = 0
        for hit in found {
            guard hit.position >= cursor else { return nil }
            let start = literals.count
            literals += encoded[cursor..<hit.position]
            pieces.append(Piece(start: start, end: literals.count, slot: hit.slot))
            cursor = hit.position + hit.length
        }
        let start = literals.count
        literals += encoded[cursor...]
        pieces.append(Piece(start: start, end: literals.count, slot: nil))
        self.literals = literals
        self.pieces = pieces
    }

    /// Appends `traveler` filled into the template; false when a value has a character
    /// XML cannot carry (the caller encodes that traveller exactly, which reports it).
    func fill(_ traveler: Traveler, into out: ByteWriter) -> Bool {
        let documents = traveler.documents, address = traveler.address, tags = traveler.bags?.tags ?? []
        return literals.withUnsafeBufferPointer { literals in
            pieces.withUnsafeBufferPointer { pieces in
                for piece in pieces {
                    out.append(UnsafeBufferPointer(rebasing: literals[piece.start..<piece.end]))
                    guard let slot = piece.slot else { continue }
                    let text: String
                    switch slot {
                    case .dateOfBirth:
                        XMLValueBytes.append(traveler.dateOfBirth, to: out)
                        continue
                    case .expiry(let d):
                        XMLValueBytes.append(documents[d].expiryDate, to: out)
                        continue
                    case .bagCount:
                        XMLValueBytes.append(traveler.bags?.count ?? 0, to: out)
                        continue
                    case .reference:
                        guard XMLValueBytes.appendEscaped(traveler.reference, attribute: true, to: out) else { return false }
                        continue
                    case .surname: text = traveler.surname
                    case .givenNames: text = traveler.givenNames ?? ""
                    case .nationality: text = traveler.nationality.rawValue
                    case .residence: text = traveler.countryOfResidence?.rawValue ?? ""
                    case .placeOfBirth: text = traveler.placeOfBirth ?? ""
                    case .street: text = address?.street ?? ""
                    case .city: text = address?.city ?? ""
                    case .postalCode: text = address?.postalCode ?? ""
                    case .addressCountry: text = address?.country.rawValue ?? ""
                    case .embarkation: text = traveler.embarkation
                    case .debarkation: text = traveler.debarkation
                    case .seat: text = traveler.seat ?? ""
                    case .recordLocator: text = traveler.recordLocator ?? ""
                    case .bagTag(let k): text = tags[k]
                    case .number(let d): text = documents[d].number
                    case .issuingState(let d): text = documents[d].issuingState.rawValue
                    case .mrzLine(let d, let k): text = documents[d].mrzLines[k]
                    }
                    guard XMLValueBytes.appendEscaped(text, attribute: false, to: out) else { return false }
                }
                return true
            }
        }
    }

    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard let first = needle.first, needle.count <= haystack.count else { return [] }
        var result: [Int] = []
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { result.append(index) }
            index += 1
        }
        return result
    }
}
