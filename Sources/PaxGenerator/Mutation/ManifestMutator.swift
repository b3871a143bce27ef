import PaxMessages

/// Gives a valid manifest one known defect (see `Mutation`) and returns the document's bytes.
///
/// Rule defects change the model and keep everything else consistent (an MRZ is rebuilt
/// when a date it carries changes, totals follow a traveller moved to the crew count), so
/// only the intended rule fires. Schema and XML defects edit the canonical encoding.
enum ManifestMutator {
    /// The broken document, or nil when `manifest` has nothing the mutation can act on (no
    /// swiped passport, a single traveller, ...); the caller then tries another manifest.
    static func apply(_ mutation: Mutation, to original: TravelerManifest, random: inout SeededRandom) -> [UInt8]? {
        var manifest = original
        let travelers = manifest.travelers
        guard !travelers.isEmpty else { return nil }
        switch mutation {
        case .mrzCheckDigit:
            guard let (t, d) = pick(passportWithMRZ, in: manifest, &random) else { return nil }
            var lines = manifest.travelers[t].documents[d].mrzLines
            lines[1] = replacing(in: lines[1], at: 9) { $0 == "9" ? "0" : Character(String(($0.wholeNumberValue ?? 0) + 1)) }
            manifest.travelers[t].documents[d].mrzLines = lines
        case .mrzFormat:
            guard let (t, d) = pick(passportWithMRZ, in: manifest, &random) else { return nil }
            manifest.travelers[t].documents[d].mrzLines[1] = replacing(in: manifest.travelers[t].documents[d].mrzLines[1], at: 20) { _ in "Q" }
        case .mrzFieldMismatch:
            guard let (t, d) = pick(passportWithMRZ, in: manifest, &random) else { return nil }
            var number = Array(manifest.travelers[t].documents[d].number)
            guard let last = number.last else { return nil }
            number[number.count - 1] = last == "7" ? "3" : "7"
            manifest.travelers[t].documents[d].number = String(number)
        case .birthDateInFuture:
            let t = random.below(travelers.count)
            guard let future = manifest.header.createdAt.localDate.adding(days: random.int(in: 2...400)) else { return nil }
            manifest.travelers[t].dateOfBirth = future
            for d in manifest.travelers[t].documents.indices {
                rebuildMRZ(&manifest.travelers[t].documents[d]) { $0.dateOfBirth = future.mrzForm }
            }
        case .documentExpired:
            guard let (t, d) = pick({ traveler, document in document == 0 && age(traveler, manifest) >= 2 }, in: manifest, &random),
                  let journey = journey(of: manifest.travelers[t], in: manifest.flight),
                  let expired = journey.departure.adding(days: -random.int(in: 1...300)),
                  expired > manifest.travelers[t].dateOfBirth else { return nil }
            manifest.travelers[t].documents[d].expiryDate = expired
            rebuildMRZ(&manifest.travelers[t].documents[d]) { $0.dateOfExpiry = expired.mrzForm }
        case .documentExpiring:
            guard let (t, d) = pick({ _, document in document == 0 }, in: manifest, &random),
                  let journey = journey(of: manifest.travelers[t], in: manifest.flight),
                  let expiring = journey.arrival.adding(days: random.int(in: 1...170)) else { return nil }
            manifest.travelers[t].documents[d].expiryDate = expiring
            rebuildMRZ(&manifest.travelers[t].documents[d]) { $0.dateOfExpiry = expiring.mrzForm }
        case .legArrivesBeforeDeparture:
            let k = random.below(manifest.flight.legs.count)
            let leg = manifest.flight.legs[k]
            let minutes = random.int(in: 1...12) * 5
            guard let earlier = LocalClock.timestamp(utcSeconds: leg.scheduledDeparture.secondsSince1970 - minutes * 60,
                                                     offsetMinutes: leg.scheduledArrival.utcOffset.minutes) else { return nil }
            manifest.flight.legs[k].scheduledArrival = earlier
        case .legSequence:
            for k in manifest.flight.legs.indices { manifest.flight.legs[k].sequence += 1 }
        case .legChainBroken:
            guard breakChain(&manifest, &random) else { return nil }
        case .travelerOffRoute:
            let stops = Set(manifest.flight.legs.flatMap { [$0.departureAirport, $0.arrivalAirport] })
            let elsewhere = Airports.all.filter { !stops.contains($0.code) }
            guard !elsewhere.isEmpty else { return nil }
            manifest.travelers[random.below(travelers.count)].embarkation = random.pick(elsewhere).code
        case .totalsMismatch:
            manifest.totals.passengers += random.int(in: 1...3)
        case .documentDuplicate:
            guard travelers.count >= 2 else { return nil }
            let source = random.below(travelers.count)
            var target = random.below(travelers.count - 1)
            if target >= source { target += 1 }
            guard manifest.travelers[target].documents.count < 5 else { return nil }
            var copy = manifest.travelers[source].documents[0]
            copy.mrzLines = []
            manifest.travelers[target].documents.append(copy)
        case .crewOnPassengerList:
            guard manifest.listType == .passenger else { return nil }
            let t = random.below(travelers.count)
            manifest.travelers[t].kind = .crew
            manifest.totals = Totals(counting: manifest.travelers)
        case .changeWithoutOriginal:
            manifest.function = random.percent(50) ? .change : .cancel
            manifest.originalMessageId = nil
        case .originalWithReference:
            manifest.function = .original
            manifest.originalMessageId = manifest.header.messageId + "-PREV"
        case .bagTagsMismatch:
            let tagged = manifest.travelers.indices.filter { !(manifest.travelers[$0].bags?.tags.isEmpty ?? true) }
            guard !tagged.isEmpty else { return nil }
            let t = random.pick(tagged)
            manifest.travelers[t].bags?.count += random.int(in: 1...2)
        case .badAirportCode:
            manifest.travelers[random.below(travelers.count)].debarkation = random.pick(["Sal", "IA", "XX1", "HOUSTON"])
        case .unknownCountry:
            manifest.travelers[random.below(travelers.count)].nationality = CountryCode(random.pick(["XYZ", "ZZZ", "ELS", "SV"]))
        case .duplicateTravelerReference:
            guard travelers.count >= 2 else { return nil }
            manifest.travelers[1].reference = manifest.travelers[0].reference
        case .badGender, .badDateOfBirth, .missingSurname, .badMRZLineLength, .unknownElement, .elementsOutOfOrder,
             .timestampWithoutZone, .missingSchemaVersion, .doctype, .notWellFormed:
            guard let bytes = try? manifest.xml() else { return nil }
            return XMLEdits.apply(mutation, to: bytes, random: &random)
        }
        return try? manifest.xml()
    }

    /// A traveller and document index among those `matches` accepts.
    private static func pick(_ matches: (Traveler, Int) -> Bool, in manifest: TravelerManifest,
                             _ random: inout SeededRandom) -> (Int, Int)? {
        var candidates: [(Int, Int)] = []
        for (t, traveler) in manifest.travelers.enumerated() {
            for d in traveler.documents.indices where matches(traveler, d) { candidates.append((t, d)) }
        }
        return candidates.isEmpty ? nil : random.pick(candidates)
    }

    private static func passportWithMRZ(_ traveler: Traveler, _ document: Int) -> Bool {
        traveler.documents[document].type == .passport && traveler.documents[document].mrzLines.count == 2
    }

    private static func age(_ traveler: Traveler, _ manifest: TravelerManifest) -> Int {
        manifest.header.createdAt.localDate.year - traveler.dateOfBirth.year
    }

    /// `line` with the character at `offset` replaced.
    private static func replacing(in line: String, at offset: Int, with change: (Character) -> Character) -> String {
        var characters = Array(line)
        guard offset < characters.count else { return line }
        characters[offset] = change(characters[offset])
        return String(characters)
    }

    /// Re-reads a document's MRZ, changes its fields and writes it again with fresh check digits.
    private static func rebuildMRZ(_ document: inout TravelDocument, _ change: (inout MRZDocumentFields) -> Void) {
        guard !document.mrzLines.isEmpty, let parsed = try? MRZParser.parse(document.mrzLines) else { return }
        var fields = parsed.fields
        change(&fields)
        if let lines = try? MRZBuilder.build(fields, format: parsed.format) { document.mrzLines = lines }
    }

    /// The local dates a traveller departs and arrives, by the legs they fly.
    static func journey(of traveler: Traveler, in flight: Flight) -> (departure: CalendarDate, arrival: CalendarDate)? {
        guard let start = flight.legs.firstIndex(where: { $0.departureAirport == traveler.embarkation }),
              let end = flight.legs[start...].firstIndex(where: { $0.arrivalAirport == traveler.debarkation }) else { return nil }
        return (flight.legs[start].scheduledDeparture.localDate, flight.legs[end].scheduledArrival.localDate)
    }

    /// Makes a leg depart before the previous one arrives: the second leg of a flight with
    /// stops, or a new onward leg (which no traveller uses) for a direct flight.
    private static func breakChain(_ manifest: inout TravelerManifest, _ random: inout SeededRandom) -> Bool {
        var legs = manifest.flight.legs
        guard let last = legs.last else { return false }
        let minutes = random.int(in: 2...9) * 5
        if legs.count >= 2 {
            let previous = legs[0], leg = legs[1]
            let departure = previous.scheduledArrival.secondsSince1970 - minutes * 60
            guard departure < leg.scheduledArrival.secondsSince1970,
                  let early = LocalClock.timestamp(utcSeconds: departure, offsetMinutes: leg.scheduledDeparture.utcOffset.minutes)
            else { return false }
            legs[1].scheduledDeparture = early
        } else {
            guard let from = Airports.named(last.arrivalAirport) else { return false }
            let onward = Airports.all.filter { $0.code != last.departureAirport && $0.code != from.code }
            guard !onward.isEmpty else { return false }
            let next = random.pick(onward)
            let departure = last.scheduledArrival.secondsSince1970 - minutes * 60
            let arrival = departure + RoutePlanner.blockMinutes(GreatCircle.kilometres(from, next)) * 60
            guard let departs = LocalClock.timestamp(utcSeconds: departure, zone: from.zone),
                  let arrives = LocalClock.timestamp(utcSeconds: arrival, zone: next.zone) else { return false }
            legs.append(Leg(sequence: legs.count + 1, departureAirport: from.code, scheduledDeparture: departs,
                            arrivalAirport: next.code, scheduledArrival: arrives))
        }
        manifest.flight.legs = legs
        return true
    }
}
