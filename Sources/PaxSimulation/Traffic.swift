public import PaxMessages
import PaxBase
import PaxGenerator
import PaxRisk

/// The day's input to a simulation, from PaxGenerator: manifests to exchange (both
/// directions), departures to third countries (held locally), assistance queries, planted
/// watch-list subjects with the watch list that should find them, and the ground truth the
/// invariants compare against.
public struct Traffic: Sendable {
    /// A manifest an agency submits at `submitAt` (virtual ms).
    public struct Submission: Sendable {
        public var submitter: String
        public var manifest: TravelerManifest
        public var submitAt: Int64
    }

    /// An assistance query an agency asks its peer at `askAt`.
    public struct Query: Sendable {
        public var asker: String
        public var peer: String
        public var query: AssistanceQuery
        public var askAt: Int64
    }

    /// A planted watch-list subject: manifest and traveller reference.
    public struct Plant: Sendable, Hashable {
        public var manifestId: String
        public var travelerReference: String
        /// The traveller and flight, for the observer's own screening of the subject.
        var traveler: Traveler
        var flight: Flight
    }

    /// Who may see a traveller: the manifest's submitter and its arrival airport.
    struct Holding: Sendable {
        var submitter: String
        var arrivalAirport: String
    }

    public var submissions: [Submission] = []
    public var local: [Submission] = []
    public var queries: [Query] = []
    public var plants: [Plant] = []
    public var watchList: WatchList
    /// Key `carrier|number|departure|date|reference` → holding, for the authorisation check.
    var holdings: [String: Holding] = [:]
    public var travelerCount = 0
    public var start: Int64 = 0
    var agencyA = "", agencyB = ""
    var territoryA: Set<String> = [], territoryB: Set<String> = []

    static func key(_ flight: FlightSummary, _ reference: String) -> String {
        flight.carrier + "|" + flight.flightNumber + "|" + flight.departureAirport + "|"
            + flight.scheduledDeparture.description + "|" + reference
    }

    /// The day's traffic for `options` on its own, for a live run (`paxsim demo`): the same
    /// agencies (SV-DGME and US-CBP), flights, planted subjects and queries as the simulator's.
    public static func make(_ options: SimulationOptions) throws -> Traffic {
        var random = SeededRandom(seed: options.seed, stream: 0x5141_4C41)
        let pair = try AgencyPair(random: &random)
        return try make(options, agencies: pair, random: &random)
    }

    /// The two agencies' ids and territories (airport codes).
    public var agencies: [(id: String, territory: Set<String>)] {
        [(agencyA, territoryA), (agencyB, territoryB)]
    }

    /// Builds the traffic for `options` with `random` drawing query times and targets.
    static func make(_ options: SimulationOptions, agencies: AgencyPair, random: inout SeededRandom) throws -> Traffic {
        var generator = Generator(seed: options.seed)
        if let workers = options.generatorWorkers { generator.workers = workers }
        guard let date = CalendarDate("2026-03-14") else { throw SimulationError("bad built-in date") }
        let us = ["IAH", "LAX", "MIA", "JFK", "IAD", "DFW", "ATL", "ORD", "SFO", "BOS"]
        var exchanged: [(FlightPlan, String)] = []
        var locals: [(FlightPlan, String)] = []
        for i in 0..<options.flights {
            let hub = us[i / 2 % us.count]
            do {
                if options.localEvery > 0 && i % options.localEvery == options.localEvery - 1 {
                    // A departure to a third country, known only to the origin's agency.
                    if i / options.localEvery % 2 == 0 {
                        locals.append((try generator.flight(on: date, from: "SAL", to: "GUA"), agencies.a.id))
                    } else {
                        locals.append((try generator.flight(on: date, from: hub, to: "YYZ"), agencies.b.id))
                    }
                } else if i % 2 == 0 {
                    exchanged.append((try generator.flight(on: date, from: "SAL", to: hub), agencies.a.id))
                } else {
                    exchanged.append((try generator.flight(on: date, from: hub, to: "SAL"), agencies.b.id))
                }
            } catch {
                throw SimulationError("generator: \(error)")
            }
        }
        let counts = exchanged.map { _ in options.travelersPerFlight }
        // At least two passengers to plant and two list entries: SerialPermutation handles a
        // size of 1 now, but these bounds stay so that every seed keeps its trace.
        let passengers = counts.reduce(0, +)
        let plantCount = passengers >= 2 ? min(options.plants, passengers) : 0
        let planter = WatchListPlanter(seed: options.seed, plant: plantCount,
                                       size: max(2, plantCount + options.watchListDecoys))
        // The screener misses a few day/month-swapped birth dates (README: recall 0.976 for
        // that kind); the simulation tests the exchange, so it plants the kinds it always finds.
        let slots = (planter.slots(passengerCounts: counts) ?? counts.map { _ in [:] }).map { list in
            list.mapValues { $0 == .dobDayMonthSwap ? Perturbation.typo : $0 }
        }
        var traffic = Traffic(watchList: WatchList(listId: "none", issuedAt: nil, entries: []))
        traffic.agencyA = agencies.a.id
        traffic.agencyB = agencies.b.id
        traffic.territoryA = agencies.a.territory
        traffic.territoryB = agencies.b.territory
        var planted: [PlantedTraveler] = []
        // Streams are made in order (each takes its block of document serials), then built on
        // every core, one flight per task: a flight's travellers depend only on its stream, so
        // the traffic is the same whatever the number of workers.
        let flightWorkers = options.generatorWorkers ?? ParallelWork.defaultWorkers
        let workersWithinFlight = generator.workers
        var perFlight = generator
        perFlight.workers = 1
        var streams: [TravelerStream] = []
        for (index, (plan, _)) in exchanged.enumerated() {
            streams.append(perFlight.passengerStream(for: plan, travelers: counts[index],
                                                     plants: WatchListPlanter.requirements(slots[index])))
        }
        generator = perFlight
        generator.workers = workersWithinFlight
        let built = ParallelWork.map(streams, workers: flightWorkers, makeState: { () }) { stream, _ in
            var stream = stream
            var manifest = stream.template
            while !stream.isFinished { manifest.travelers += stream.next(upTo: 4096) }
            return (manifest: manifest, planted: stream.planted)
        }
        for (index, (_, submitter)) in exchanged.enumerated() {
            let manifest = built[index].manifest
            for traveler in built[index].planted {
                guard let perturbation = slots[index][traveler.index] else { continue }
                planted.append(PlantedTraveler(manifestMessageId: manifest.header.messageId, generated: traveler,
                                               perturbation: perturbation))
                traffic.plants.append(Plant(manifestId: manifest.header.messageId, travelerReference: traveler.traveler.reference,
                                            traveler: traveler.traveler, flight: manifest.flight))
            }
            traffic.add(manifest, submitter: submitter, local: false)
        }
        for (plan, holder) in locals {
            var manifest = generator.passengerList(for: plan, travelers: options.travelersPerFlight)
            manifest.header.sender = holder
            traffic.add(manifest, submitter: holder, local: true)
        }
        let (list, _) = planter.watchList(planted: planted, listId: "PAXSIM-SIM-" + String(options.seed),
                                          issuedAt: nil, serialBase: generator.serialsIssued)
        traffic.watchList = list
        let all = traffic.submissions + traffic.local
        traffic.start = (all.map(\.submitAt).min() ?? 0) - 60_000
        let end = all.map(\.submitAt).max() ?? traffic.start
        // Assistance queries: about real travellers (any flight, visible or not) or about nobody.
        for _ in 0..<options.queries where !all.isEmpty {
            let askerIsA = random.below(2) == 0
            let asker = askerIsA ? agencies.a.id : agencies.b.id, peer = askerIsA ? agencies.b.id : agencies.a.id
            let at = traffic.start + Int64(random.below(Int(max(1, end - traffic.start)))) + 600_000
            let source = all[random.below(all.count)].manifest
            let query: AssistanceQuery
            if random.below(5) == 0 || source.travelers.isEmpty {
                query = .byDocument(DocumentQuery(documentType: .passport, documentNumber: "ZZ" + String(random.below(9_000_000) + 1_000_000),
                                                  issuingState: "SLV"))
            } else {
                let traveler = source.travelers[random.below(source.travelers.count)]
                if random.below(3) == 0 || traveler.documents.isEmpty {
                    query = .byNameAndBirthDate(NameAndBirthDateQuery(surname: traveler.surname, dateOfBirth: traveler.dateOfBirth))
                } else {
                    let document = traveler.documents[0]
                    query = .byDocument(DocumentQuery(documentType: document.type, documentNumber: document.number,
                                                      issuingState: document.issuingState))
                }
            }
            traffic.queries.append(Query(asker: asker, peer: peer, query: query, askAt: at))
        }
        return traffic
    }

    private mutating func add(_ manifest: TravelerManifest, submitter: String, local: Bool) {
        let submission = Submission(submitter: submitter, manifest: manifest,
                                    submitAt: Int64(manifest.header.createdAt.secondsSince1970) * 1000)
        if local { self.local.append(submission) } else { submissions.append(submission) }
        travelerCount += manifest.travelers.count
        guard let flight = FlightSummary(manifest.flight) else { return }
        for traveler in manifest.travelers {
            holdings[Self.key(flight, traveler.reference)] = Holding(submitter: submitter, arrivalAirport: flight.arrivalAirport)
        }
    }
}

/// A simulation that cannot start (bad options, generator refusal).
public struct SimulationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
