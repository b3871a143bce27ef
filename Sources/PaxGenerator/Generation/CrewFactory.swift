import PaxMessages

/// The crew of a flight: two to four pilots by block time, cabin crew by cabin size, mostly
/// citizens of the carrier's country, each with a passport and a crew member certificate
/// (pilots sometimes a licence instead), staying at one hotel at the destination.
struct CrewFactory {
    let context: PassengerListContext
    var issuer: DocumentIssuer

    init(context: PassengerListContext) {
        self.context = context
        issuer = DocumentIssuer(seed: context.seed)
    }

    /// How many crew a flight plan needs.
    static func crewSize(for plan: FlightPlan) -> Int {
        let longestBlock = zip(plan.departures, plan.arrivals).map { ($1 - $0) / 60 }.max() ?? 0
        let pilots = longestBlock > 12 * 60 ? 4 : longestBlock > 8 * 60 ? 3 : 2
        let cabin = max(2, (plan.seatMap.capacity + 49) / 50)
        return pilots + cabin
    }

    /// The whole crew list, as drafts.
    mutating func crew() -> [TravelerDraft] {
        let plan = context.plan
        var random = SeededRandom(seed: context.seed, stream: context.streamKey, 0xC4E3)
        let pilots = Self.crewSize(for: plan) - max(2, (plan.seatMap.capacity + 49) / 50)
        let journey = plan.journey(from: 0, to: plan.stops.count - 1, created: context.created)
        let hotel = AddressMaker.address(in: plan.destination, random: &random)
        let home = Countries.profile(plan.carrier.country) ?? Countries.all[0]
        var result: [TravelerDraft] = []
        result.reserveCapacity(context.travelerCount)
        for index in 0..<context.travelerCount {
            let isPilot = index < pilots
            let profile = random.percent(85) ? home : random.pick(Countries.all)
            let culture = profile.cultureChoice.draw(&random)
            let sex: Gender = random.percent(isPilot ? 88 : 30) ? .male : .female
            let name = PersonNamer(culture: culture).adult(sex, &random)
            let age = isPilot ? random.int(in: 28...63) : random.int(in: 21...58)
            let birth = TravelerFactory.birthDate(age: age, journey: journey, swappable: false, &random)
            let holder = DocumentIssuer.Holder(name: name, sex: sex, mrzSex: TravelerFactory.mrzSex(sex), birth: birth,
                                               nationality: profile.code)
            let serial = context.serialBase + UInt64(index)
            let passport = issuer.issue(.passport, to: holder, issuer: profile.code, numberFormat: random.pick(profile.passportFormats),
                                        serial: serial, validityYears: 10, journey: journey, withMRZ: true, random: &random)
            let crewDocument: DocumentDraft
            if isPilot, random.percent(50) {
                crewDocument = issuer.issue(.pilotLicence, to: holder, issuer: plan.carrier.country, numberFormat: "LLDDDDDDD",
                                            serial: serial, validityYears: 5, journey: journey, withMRZ: false, random: &random)
            } else {
                crewDocument = issuer.issue(.crewCertificate, to: holder, issuer: plan.carrier.country, numberFormat: "LLDDDDDDD",
                                            serial: serial, validityYears: 5, journey: journey, withMRZ: true, random: &random)
            }
            let kind: TravelerKind = random.percent(5) ? .transitCrew : .crew
            result.append(TravelerDraft(
                index: index, kind: kind, holder: holder, residence: profile.code, placeOfBirth: random.pick(profile.birthplaces),
                address: hotel, embarkation: plan.origin.code, debarkation: plan.destination.code, verified: true,
                seat: nil, bagCount: 1, recordLocator: nil, document: passport, secondDocument: crewDocument))
        }
        return result
    }
}
