public import PaxEDIFACT
public import PaxMessages
import SafeXML

/// Writes a manifest as a PAXLST interchange (UNA, UNB, UNG, one or more UNH..UNT parts, UNE,
/// UNZ) in D02B, D05B or D15B.
///
/// Where the model has fields PAXLST has no segment for, the writer uses: RFF+TN for the
/// message id, RFF+ACW for the original message id of a change or cancel, UNH 0068 (common
/// access reference) for the correlation id, DTM+137 (format 204, UTC) for the creation time,
/// and FTX+MRZ in SG5 for a document's machine-readable zone. Extension segments read from
/// PAXLST (`EDIFACTExtension`) are written back in their group.
public struct PAXLSTWriter: Sendable {
    public var options: PAXLSTWriteOptions

    public init(options: PAXLSTWriteOptions = PAXLSTWriteOptions()) {
        self.options = options
    }

    /// The interchange bytes for `manifest`, in the smallest syntax level its text allows.
    public func write(_ manifest: TravelerManifest) throws(EDIFACTError) -> [UInt8] {
        var template = manifest
        template.travelers = []
        var stream = try PAXLSTStreamWriter(template: template, options: options,
                                            syntaxLevel: SyntaxLevel.smallest(for: Self.allText(manifest)))
        for traveler in manifest.travelers { try stream.add(traveler) }
        try stream.finish()
        return stream.take()
    }

    // MARK: - Segments

    func headSegments(_ manifest: TravelerManifest) -> [Segment] {
        var segments: [Segment] = []
        let extensionSegments = manifest.extensions.compactMap(EDIFACTExtension.segment(in:))
        func kept(in group: String) -> [Segment] { extensionSegments.filter { $0.group == group }.map(\.segment) }
        let code = PAXLSTCodes.documentIdentifier(manifest.function, list: manifest.listType)
        if let bgm = kept(in: "SG0").first(where: { $0.tag == "BGM" }) {
            segments.append(bgm)
        } else {
            segments.append(Segment("BGM", [[PAXLSTCodes.documentName(manifest.listType)], [code]]))
        }
        segments.append(Segment("RFF", [["TN", manifest.header.messageId]]))
        if let original = manifest.originalMessageId { segments.append(Segment("RFF", [["ACW", original]])) }
        segments.append(Segment("DTM", [["137", PAXLSTDates.utcStamp(manifest.header.createdAt), "204"]]))
        segments += kept(in: "SG0").filter { $0.tag != "BGM" }
        let party = manifest.reportingParty
        segments.append(Segment("NAD", [["MS"], [""], [""], [party.name]]))
        var contact: [[String]] = []
        if let phone = party.phone { contact.append([phone, "TE"]) }
        if let email = party.email { contact.append([email, "EM"]) }
        if !contact.isEmpty { segments.append(Segment("COM", contact)) }
        segments += kept(in: "SG1")
        let flight = manifest.flight
        let multiLeg = flight.legs.count > 1
        for leg in flight.legs {
            segments.append(Segment("TDT", [["20"], [flight.carrier + flight.flightNumber], [""], [""], [flight.carrier]]))
            segments.append(Segment("LOC", [[multiLeg ? "92" : "125"], [leg.departureAirport]]))
            segments.append(Segment("DTM", [["189"] + PAXLSTDates.write(local: leg.scheduledDeparture)]))
            segments.append(Segment("LOC", [[multiLeg ? "92" : "87"], [leg.arrivalAirport]]))
            segments.append(Segment("DTM", [["232"] + PAXLSTDates.write(local: leg.scheduledArrival)]))
        }
        segments += kept(in: "SG2")
        return segments
    }

    func countSegments(_ manifest: TravelerManifest) -> [Segment] {
        var segments: [Segment] = []
        if manifest.listType == .passenger || manifest.totals.passengers != 0 {
            segments.append(Segment("CNT", [["42", String(manifest.totals.passengers)]]))
        }
        if manifest.listType == .crew || manifest.totals.crew != 0 {
            segments.append(Segment("CNT", [["41", String(manifest.totals.crew)]]))
        }
        return segments
    }

    func travelerSegments(_ traveler: Traveler, reference: CalendarDate) -> [Segment] {
        var segments: [Segment] = []
        var nad: [[String]] = [[PAXLSTCodes.partyQualifier(traveler.kind)], [""], [""],
                               [traveler.surname] + (traveler.givenNames.map { [$0] } ?? [])]
        if let address = traveler.address {
            nad += [[address.street], [address.city], [""], [address.postalCode ?? ""], [address.country.rawValue]]
        }
        segments.append(Segment("NAD", nad))
        segments.append(Segment("ATT", [["2"], [""], [traveler.gender.rawValue]]))
        segments.append(Segment("DTM", [["329"] + PAXLSTDates.write(traveler.dateOfBirth, kind: .birth, reference: reference)]))
        if let bags = traveler.bags {
            segments.append(Segment("MEA", [["CT"], [""], ["", String(bags.count)]]))
        }
        if options.version != .d02b || traveler.verified {
            segments.append(Segment("GEI", [["4"], [traveler.verified ? "173" : "174"]]))
        }
        for run in Self.tagRuns(traveler.bags?.tags ?? []) {
            segments.append(Segment("FTX", [["BAG"], [""], [""], run.count == 1 ? [run.first] : [run.first, String(run.count)]]))
        }
        if let residence = traveler.countryOfResidence { segments.append(Segment("LOC", [["174"], [residence.rawValue]])) }
        segments.append(Segment("LOC", [["178"], [traveler.embarkation]]))
        segments.append(Segment("LOC", [["179"], [traveler.debarkation]]))
        if let place = traveler.placeOfBirth { segments.append(Segment("LOC", [["180"], ["", "", "", place]])) }
        segments.append(Segment("NAT", [["2"], [traveler.nationality.rawValue]]))
        if let locator = traveler.recordLocator { segments.append(Segment("RFF", [["AVF", locator]])) }
        segments.append(Segment("RFF", [["ABO", traveler.reference]]))
        if let seat = traveler.seat { segments.append(Segment("RFF", [["SEA", seat]])) }
        let kept = traveler.extensions.compactMap(EDIFACTExtension.segment(in:))
        segments += kept.filter { $0.group != "SG5" }.map(\.segment)
        for document in traveler.documents {
            let type = options.version == .d15b ? [document.type.rawValue] : [document.type.rawValue, "110", "111"]
            segments.append(Segment("DOC", [type, [document.number]]))
            segments.append(Segment("DTM", [["36"] + PAXLSTDates.write(document.expiryDate, kind: .expiry, reference: reference)]))
            segments.append(Segment("LOC", [["91"], [document.issuingState.rawValue]]))
            if !document.mrzLines.isEmpty { segments.append(Segment("FTX", [["MRZ"], [""], [""], document.mrzLines])) }
        }
        segments += kept.filter { $0.group == "SG5" }.map(\.segment)
        return segments
    }

    /// Consecutive licence plates as (first, count) runs, in order.
    static func tagRuns(_ tags: [String]) -> [(first: String, count: Int)] {
        var runs: [(first: String, count: Int)] = []
        var previous: Int?
        for tag in tags {
            let value = tag.utf8.count == 10 ? Int(tag) : nil
            if let value, let last = previous, value == last + 1, let run = runs.last,
               let start = Int(run.first), start + run.count == value {
                runs[runs.count - 1].count += 1
            } else {
                runs.append((tag, 1))
            }
            previous = value
        }
        return runs
    }

    /// Every text the manifest puts in the interchange, to pick the smallest syntax level.
    public static func allText(_ manifest: TravelerManifest) -> [UInt8] {
        var text = manifest.header.sender + manifest.header.receiver + manifest.header.messageId
            + (manifest.header.correlationId ?? "") + (manifest.originalMessageId ?? "") + manifest.reportingParty.name
            + (manifest.reportingParty.phone ?? "") + (manifest.reportingParty.email ?? "")
        for traveler in manifest.travelers {
            text += traveler.surname + (traveler.givenNames ?? "") + (traveler.placeOfBirth ?? "") + traveler.reference
                + (traveler.seat ?? "") + (traveler.recordLocator ?? "")
            if let address = traveler.address { text += address.street + address.city + (address.postalCode ?? "") }
            for document in traveler.documents { text += document.number + document.mrzLines.joined() }
        }
        for element in manifest.extensions { text += element.text }
        return Array(text.utf8)
    }
}
