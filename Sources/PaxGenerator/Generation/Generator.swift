import PaxBase
public import PaxMessages

/// Seeded synthetic flights, travellers and manifests: realistic, valid under the schema
/// and the business rules, and the same for the same seed on every machine.
///
/// A value type: copy it to fork a run. Each call advances the run (flight numbers, message
/// ids, document serials), so the order of calls is part of what the seed determines.
///
/// ```swift
/// var generator = Generator(seed: 42)
/// guard let date = CalendarDate("2026-03-14") else { return }
/// let plan = try generator.flight(on: date, from: "SAL", to: "IAH")
/// let manifest = generator.passengerList(for: plan, travelers: 150)
/// ```
public struct Generator: Sendable {
    public let seed: UInt64
    /// Years `--date` may take: the MRZ's two-digit years and the summer-time rules are
    /// meaningful around today.
    public static let supportedYears = 1970...2099

    private var flightCount = 0
    private var nextSerial: UInt64 = 0
    private var designators: Set<String> = []
    /// Threads that build travellers (and encode them, in the streamers); the output is the
    /// same for any number.
    public var workers = ParallelWork.defaultWorkers

    public init(seed: UInt64) {
        self.seed = seed
    }

    /// A flight departing on `date` (local date at the origin): from `from` to `to` (IATA
    /// codes) when given, otherwise a carrier's hub to a random destination, sometimes with
    /// a stop; `carrier` picks the airline.
    public mutating func flight(on date: CalendarDate, from: String? = nil, to: String? = nil,
                                carrier: String? = nil) throws(GeneratorError) -> FlightPlan {
        guard Self.supportedYears.contains(date.year) else { throw .dateOutOfRange(date.description) }
        let origin = try from.map { code throws(GeneratorError) in try Self.airport(code) }
        let destination = try to.map { code throws(GeneratorError) in try Self.airport(code) }
        if let origin, let destination, origin == destination { throw .sameAirport(origin.code) }
        var airline: Carrier? = nil
        if let carrier {
            guard let known = Carriers.named(carrier.uppercased()) else { throw .unknownCarrier(carrier) }
            airline = known
        }
        flightCount += 1
        var flightRandom = SeededRandom(seed: seed, stream: 0xF11_6475, UInt64(flightCount))
        return try RoutePlanner.plan(index: flightCount, request: .init(date: date, from: origin, to: destination, carrier: airline),
                                     used: &designators, random: &flightRandom)
    }

    /// How many passengers a flight would normally carry: 70-98 % of its seats.
    public func typicalLoad(of plan: FlightPlan) -> Int {
        var random = SeededRandom(seed: seed, stream: 0x10AD, UInt64(plan.index))
        return plan.seatMap.capacity * random.int(in: 70...98) / 100
    }

    /// A passenger list for `plan` with `travelers` passengers (the flight's typical load when nil).
    public mutating func passengerList(for plan: FlightPlan, travelers: Int? = nil) -> TravelerManifest {
        var stream = passengerStream(for: plan, travelers: travelers)
        var manifest = stream.template
        while !stream.isFinished { manifest.travelers += stream.next(upTo: 1024) }
        return manifest
    }

    /// The crew list for `plan`.
    public mutating func crewList(for plan: FlightPlan) -> TravelerManifest {
        var stream = crewStream(for: plan)
        var manifest = stream.template
        manifest.travelers = stream.next(upTo: stream.count)
        return manifest
    }

    /// A passenger list generated batch by batch (see `TravelerStream`), for lists too
    /// large to hold. `plants` marks traveller indices reserved for watch-list subjects.
    public mutating func passengerStream(for plan: FlightPlan, travelers: Int? = nil,
                                         plants: [Int: TravelerStream.PlantRequirement] = [:]) -> TravelerStream {
        let count = max(0, travelers ?? typicalLoad(of: plan))
        return stream(for: plan, listType: .passenger, count: count, plants: plants)
    }

    /// The crew list as a stream (small; for symmetry with `passengerStream`).
    public mutating func crewStream(for plan: FlightPlan) -> TravelerStream {
        stream(for: plan, listType: .crew, count: CrewFactory.crewSize(for: plan), plants: [:])
    }

    private mutating func stream(for plan: FlightPlan, listType: ListType, count: Int,
                                 plants: [Int: TravelerStream.PlantRequirement]) -> TravelerStream {
        let header = header(for: plan, listType: listType)
        let context = PassengerListContext(seed: seed, plan: plan, listType: listType, created: header.createdAt.localDate,
                                           travelerCount: count, serialBase: nextSerial)
        nextSerial += UInt64(count)
        let totals = listType == .crew ? Totals(passengers: 0, crew: count) : Totals(passengers: count, crew: 0)
        let template = TravelerManifest(header: header, listType: listType, flight: plan.flight,
                                        reportingParty: reportingParty(for: plan), travelers: [], totals: totals)
        return TravelerStream(template: template, context: context, plants: plants, workers: workers)
    }

    /// Header of a list for `plan`: sent by the origin country's agency to the destination's,
    /// 40 minutes to 3 hours before departure.
    func header(for plan: FlightPlan, listType: ListType) -> MessageHeader {
        var random = SeededRandom(seed: seed, stream: 0x4EAD, UInt64(plan.index), listType == .crew ? 1 : 0)
        let sender = Countries.profile(plan.origin.country)?.agency ?? "XX-BORDER"
        let receiver = Countries.profile(plan.destination.country)?.agency ?? "XX-BORDER"
        let createdUTC = plan.departures[0] - random.int(in: 40...180) * 60 - random.below(60)
        let created = LocalClock.timestamp(utcSeconds: createdUTC, zone: plan.origin.zone) ?? plan.flight.legs[0].scheduledDeparture
        let date = plan.date
        let compactDate = String(date.year) + String(date.month / 10) + String(date.month % 10) + String(date.day / 10) + String(date.day % 10)
        let sequence = String(plan.index)
        let padded = String(repeating: "0", count: max(0, 4 - sequence.count)) + sequence
        return MessageHeader(
            messageId: sender + ":MAN:" + plan.designator + ":" + compactDate + ":" + (listType == .crew ? "C" : "P") + padded,
            correlationId: plan.designator + "-" + compactDate + "-" + plan.origin.code,
            sender: sender, receiver: receiver, createdAt: created)
    }

    /// The carrier's API control desk at the origin.
    func reportingParty(for plan: FlightPlan) -> ReportingParty {
        var random = SeededRandom(seed: seed, stream: 0x9A27, UInt64(plan.index))
        let calling = Countries.profile(plan.origin.country)?.callingCode ?? "1"
        let phone = "+" + calling + " " + AddressMaker.fill("DDDD DDDD", &random)
        let name = String((plan.carrier.name + " APIS Control " + plan.origin.code).prefix(70))
        return ReportingParty(name: name, phone: phone,
                              email: "apis." + plan.origin.code.lowercased() + "@" + plan.carrier.domain + ".example")
    }

    static func airport(_ code: String) throws(GeneratorError) -> Airport {
        guard let airport = Airports.named(code.uppercased()) else { throw .unknownAirport(code) }
        return airport
    }

    /// Serials handed out so far (documents are numbered from these; exposed for tests).
    public var serialsIssued: UInt64 { nextSerial }
}
