import PaxMessages

/// Turns booking groups into travellers: one nationality and route per booking, names by
/// the family's tradition, ages and birth dates, seats side by side, the documents the
/// journey needs (passport or identity card, visa or resident card), bags and tags.
struct TravelerFactory {
    let context: PassengerListContext
    var issuer: DocumentIssuer

    init(context: PassengerListContext) {
        self.context = context
        issuer = DocumentIssuer(seed: context.seed)
    }

    /// Countries whose names have another script or spellings (for transliteration plants).
    static let scriptCountries: [CountryCode] = ["RUS", "EGY", "JOR", "SAU", "QAT", "ARE", "CHN", "TWN"]

    /// Plans booking `group`, whose first traveller is number `first`, of at most `limit`
    /// people, taking its seats. `scriptNames` forces a nationality whose names have other
    /// scripts; `swappableBirth` lists traveller indices whose birth day must be 1-12 and
    /// differ from the month (both for watch-list plants).
    func plan(group: Int, first: Int, limit: Int, seats: inout SeatAllocator,
              scriptNames: Bool = false, swappableBirth: Set<Int> = []) -> GroupPlan {
        var random = SeededRandom(seed: context.seed, stream: context.streamKey, UInt64(group))
        let plan = context.plan
        let lastStop = plan.stops.count - 1
        var from = 0, to = lastStop
        if lastStop > 1, random.percent(30) {
            from = random.below(lastStop)
            to = random.int(in: (from + 1)...lastStop)
        }
        let embark = plan.stops[from], debark = plan.stops[to]
        let scripted = scriptNames ? Countries.profile(random.pick(Self.scriptCountries)) : nil
        let nationality = scripted ?? Self.nationality(embark, debark, plan, &random)
        let culture = nationality.cultureChoice.draw(&random)
        let residence: CountryCode
        if nationality.code == debark.country {
            residence = nationality.code
        } else if nationality.code == embark.country, random.percent(12) {
            residence = debark.country
        } else {
            residence = random.percent(92) ? nationality.code : embark.country
        }
        let booking = BookingGroup.draw(limit: limit, allowsX: nationality.issuesSexX, random: &random)
        return GroupPlan(group: group, first: first, random: random, from: from, to: to, nationality: nationality,
                         culture: culture, residence: residence, booking: booking,
                         seats: seats.seats(forGroupOf: booking.members.count), swappableBirth: swappableBirth)
    }

    /// Appends the travellers of a planned group to `result`, as drafts.
    mutating func build(_ groupPlan: GroupPlan, into result: inout [TravelerDraft]) {
        var random = groupPlan.random
        let plan = context.plan
        let embark = plan.stops[groupPlan.from], debark = plan.stops[groupPlan.to]
        let nationality = groupPlan.nationality, residence = groupPlan.residence, booking = groupPlan.booking
        let locator = context.recordLocator(groupPlan.group)
        let journey = plan.journey(from: groupPlan.from, to: groupPlan.to, created: context.created)
        let staysAt = random.percent(debark.country == "USA" ? 100 : 55) ? AddressMaker.address(in: debark, random: &random) : nil
        let useIdentityCard = Self.travelsOnIdentityCard(nationality, embark, debark) && random.percent(45)
        let transit = booking.members.count == 1 && random.percent(3)
        let needsVisa = debark.country == "USA" && nationality.code != "USA" && !nationality.visaFreeToUnitedStates
        let residentCard = residence == debark.country && residence != nationality.code

        let namer = PersonNamer(culture: groupPlan.culture)
        var names: [PersonName] = []
        names.reserveCapacity(booking.members.count)
        for member in booking.members {
            switch member.role {
            case .lead, .companion:
                names.append(namer.adult(member.sex, &random))
            case .partner:
                names.append(namer.spouse(of: names[0], member.sex, &random))
            case .child:
                let (father, mother) = Self.parents(booking, names)
                names.append(namer.child(father: father, mother: mother, member.sex, &random))
            }
        }

        result.reserveCapacity(result.count + booking.members.count)
        for (offset, member) in booking.members.enumerated() {
            let index = groupPlan.first + offset
            let name = names[offset]
            let birth = Self.birthDate(age: member.age, journey: journey, swappable: groupPlan.swappableBirth.contains(index), &random)
            let holder = DocumentIssuer.Holder(name: name, sex: member.sex,
                                               mrzSex: member.sex == .unspecified && random.percent(30) ? .unspecified : Self.mrzSex(member.sex),
                                               birth: birth, nationality: nationality.code)
            let serial = context.serialBase + UInt64(index)
            let verified = random.chance(96, in: 100)
            let document: DocumentDraft
            var secondDocument: DocumentDraft? = nil
            if useIdentityCard, let card = nationality.identityCard {
                document = issuer.issue(.identityCard(code: card.documentCode), to: holder, issuer: nationality.code,
                                        numberFormat: card.numberFormat, serial: serial, validityYears: member.age < 18 ? 5 : 10,
                                        journey: journey, withMRZ: verified, random: &random)
            } else {
                document = issuer.issue(.passport, to: holder, issuer: nationality.code,
                                        numberFormat: random.pick(nationality.passportFormats), serial: serial,
                                        validityYears: member.age < 16 ? 5 : 10, journey: journey, withMRZ: verified, random: &random)
            }
            if residentCard {
                let type: DocumentType = debark.country == "USA" ? .permanentResidentCard : .residentAlienCard
                secondDocument = issuer.issue(.residentCard(type), to: holder, issuer: debark.country,
                                              numberFormat: debark.country == "USA" ? "IOEDDDDDDDDDD" : "LLDDDDDDD", serial: serial,
                                              validityYears: 10, journey: journey, withMRZ: false, random: &random)
            } else if needsVisa {
                secondDocument = issuer.issue(.visa, to: holder, issuer: "USA", numberFormat: "DDDDDDDD", serial: serial,
                                              validityYears: 10, journey: journey, withMRZ: verified && random.percent(80), random: &random)
            }
            let bags = Self.bagCount(age: member.age, &random)
            result.append(TravelerDraft(
                index: index, kind: transit ? .transitPassenger : .passenger, holder: holder, residence: residence,
                placeOfBirth: random.percent(90) ? random.pick(nationality.birthplaces) : nil,
                address: staysAt, embarkation: embark.code, debarkation: debark.code, verified: verified,
                seat: groupPlan.seats[offset], bagCount: bags, recordLocator: locator,
                document: document, secondDocument: secondDocument))
        }
    }

    /// The father's and the mother's names among the group's first two members, when present.
    static func parents(_ booking: BookingGroup, _ names: [PersonName]) -> (father: PersonName?, mother: PersonName?) {
        var father: PersonName? = nil, mother: PersonName? = nil
        for (member, name) in zip(booking.members.prefix(2), names.prefix(2)) where member.role == .lead || member.role == .partner {
            if member.sex == .male, father == nil { father = name } else if mother == nil { mother = name }
        }
        return (father, mother)
    }

    static func mrzSex(_ sex: Gender) -> MRZSex {
        switch sex {
        case .male: .male
        case .female: .female
        case .unspecified: .x
        case .unknown: .unspecified
        }
    }

    /// Nationals of the two ends most of the time, the carrier's country sometimes, anyone now and then.
    static func nationality(_ embark: Airport, _ debark: Airport, _ plan: FlightPlan, _ random: inout SeededRandom) -> CountryProfile {
        let roll = random.below(100)
        let code: CountryCode
        switch roll {
        case 0..<45: code = embark.country
        case 45..<80: code = debark.country
        case 80..<85: code = plan.carrier.country
        default: code = random.pick(Countries.all).code
        }
        return Countries.profile(code) ?? Countries.all[0]
    }

    /// Whether the trip stays inside the holder's free-movement area, where an identity card will do.
    static func travelsOnIdentityCard(_ nationality: CountryProfile, _ embark: Airport, _ debark: Airport) -> Bool {
        guard nationality.identityCard != nil, let region = nationality.region else { return false }
        return Countries.profile(embark.country)?.region == region && Countries.profile(debark.country)?.region == region
    }

    /// A birth date `age` years before departure, at least two weeks before the manifest.
    static func birthDate(age: Int, journey: Journey, swappable: Bool, _ random: inout SeededRandom) -> CalendarDate {
        let latest = journey.created.daysSince1970 - 14
        var days = journey.departure.daysSince1970 - (age * 365 + age / 4) - random.below(365)
        days = min(days, latest)
        guard var date = CalendarDate(daysSince1970: days) else { return journey.created }
        if swappable, date.day > 12 || date.day == date.month {
            // Day and month must both read as a month, and differ, for a day/month swap to be another date.
            var day = date.day > 12 ? date.day % 12 + 1 : date.day
            if day == date.month { day = day % 12 + 1 }
            date = CalendarDate(year: date.year, month: date.month, day: day) ?? date
            if date.daysSince1970 > latest, let earlier = CalendarDate(year: date.year - 1, month: date.month, day: day) { date = earlier }
        }
        return date
    }

    /// How many bags are checked (each gets a tag): none for most infants, up to three; nil
    /// when the manifest says nothing about bags.
    static func bagCount(age: Int, _ random: inout SeededRandom) -> Int? {
        guard random.percent(92) else { return nil }
        return age < 2 && random.percent(70) ? 0 : bagCounts.draw(&random)
    }

    static let bagCounts = WeightedChoice<Int>([(0, 28), (1, 46), (2, 21), (3, 5)])
}
