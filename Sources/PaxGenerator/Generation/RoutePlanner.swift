import PaxMessages

/// Chooses carriers, routes and schedules: a carrier's hub to a plausible destination in
/// another country (sometimes with a stop), departure at a realistic hour, block times from
/// the great-circle distance, local times in each airport's zone.
struct RoutePlanner {
    /// What was asked: fixed airports or carrier, or nothing (random route).
    struct Request {
        var date: CalendarDate
        var from: Airport?
        var to: Airport?
        var carrier: Carrier?
    }

    /// Departure hours (local) with their weights: banks in the morning and evening.
    static let departureHours = WeightedChoice<Int>([
        (6, 10), (7, 12), (8, 12), (9, 10), (10, 8), (11, 7), (12, 7), (13, 7), (14, 7), (15, 7),
        (16, 7), (17, 8), (18, 8), (19, 7), (20, 6), (21, 5), (22, 4), (23, 3),
    ])

    static func plan(index: Int, request: Request, used designators: inout Set<String>,
                     random: inout SeededRandom) throws(GeneratorError) -> FlightPlan {
        let (carrier, stops) = route(request, &random)
        let number = flightNumber(carrier: carrier, date: request.date, used: &designators, random: &random)

        let first = stops[0]
        let hour = departureHours.draw(&random)
        let minute = random.below(12) * 5
        let localStart = (request.date.daysSince1970 * 1440 + hour * 60 + minute) * 60
        var departureUTC = first.zone.utcSeconds(forLocal: localStart)
        var departures: [Int] = [], arrivals: [Int] = [], legs: [Leg] = []
        var longest = 0.0
        for k in 0..<(stops.count - 1) {
            let kilometres = GreatCircle.kilometres(stops[k], stops[k + 1])
            longest = max(longest, kilometres)
            let arrivalUTC = departureUTC + blockMinutes(kilometres) * 60
            guard let departs = LocalClock.timestamp(utcSeconds: departureUTC, zone: stops[k].zone),
                  let arrives = LocalClock.timestamp(utcSeconds: arrivalUTC, zone: stops[k + 1].zone) else {
                throw .unschedulable("\(carrier.code)\(number) on \(request.date)")
            }
            legs.append(Leg(sequence: k + 1, departureAirport: stops[k].code, scheduledDeparture: departs,
                            arrivalAirport: stops[k + 1].code, scheduledArrival: arrives))
            departures.append(departureUTC)
            arrivals.append(arrivalUTC)
            departureUTC = arrivalUTC + random.int(in: 10...18) * 5 * 60
        }
        let flight = Flight(carrier: carrier.code, flightNumber: number, legs: legs)
        return FlightPlan(index: index, carrier: carrier, flight: flight, stops: stops, departures: departures,
                          arrivals: arrivals, seatMap: SeatMap.forRoute(kilometres: longest, random: &random))
    }

    /// Block time: 30 minutes of taxi, climb and approach plus cruise at about 830 km/h,
    /// rounded up to 5 minutes.
    static func blockMinutes(_ kilometres: Double) -> Int {
        let minutes = 30 + Int((kilometres / 13.8).rounded(.up))
        return (minutes + 4) / 5 * 5
    }

    private static func route(_ request: Request, _ random: inout SeededRandom) -> (Carrier, [Airport]) {
        switch (request.from, request.to) {
        case let (from?, to?):
            return (request.carrier ?? carrier(serving: from, to, &random), [from, to])
        case let (from?, nil):
            let carrier = request.carrier ?? self.carrier(serving: from, nil, &random)
            return (carrier, [from, destination(from: from, &random)])
        case let (nil, to?):
            let carrier = request.carrier ?? self.carrier(serving: to, nil, &random)
            var origin = Airports.named(random.pick(carrier.hubs)) ?? to
            if origin.country == to.country { origin = destination(from: to, &random) }
            return (carrier, [origin, to])
        case (nil, nil):
            let carrier = request.carrier ?? random.pick(Carriers.all)
            let origin = Airports.named(random.pick(carrier.hubs)) ?? Airports.all[0]
            let destination = destination(from: origin, &random)
            if random.percent(12), let stop = intermediateStop(origin, destination, &random) {
                return (carrier, [origin, stop, destination])
            }
            return (carrier, [origin, destination])
        }
    }

    /// A carrier based at `a` (or `b`), else one of their countries, else any.
    private static func carrier(serving a: Airport, _ b: Airport?, _ random: inout SeededRandom) -> Carrier {
        let hubbed = Carriers.all.filter { carrier in
            carrier.hubs.contains(a.code) || (b.map { carrier.hubs.contains($0.code) } ?? false)
        }
        if !hubbed.isEmpty { return random.pick(hubbed) }
        let national = Carriers.all.filter { $0.country == a.country || $0.country == b?.country }
        if !national.isEmpty { return random.pick(national) }
        return random.pick(Carriers.all)
    }

    /// An airport in another country within range, nearer ones more likely.
    private static func destination(from origin: Airport, _ random: inout SeededRandom) -> Airport {
        var weighted: [(Airport, Int)] = []
        for airport in Airports.all where airport.country != origin.country {
            let kilometres = GreatCircle.kilometres(origin, airport)
            guard kilometres >= 300, kilometres <= 14_500 else { continue }
            weighted.append((airport, kilometres < 4_000 ? 4 : kilometres < 9_000 ? 2 : 1))
        }
        guard !weighted.isEmpty else { return Airports.all.first { $0.country != origin.country } ?? origin }
        return WeightedChoice(weighted).draw(&random)
    }

    /// A stop roughly on the way, if there is one.
    private static func intermediateStop(_ origin: Airport, _ destination: Airport, _ random: inout SeededRandom) -> Airport? {
        let direct = GreatCircle.kilometres(origin, destination)
        let candidates = Airports.all.filter { stop in
            guard stop != origin, stop != destination else { return false }
            let first = GreatCircle.kilometres(origin, stop), second = GreatCircle.kilometres(stop, destination)
            return first >= 400 && second >= 400 && first + second <= direct * 1.2
        }
        return candidates.isEmpty ? nil : random.pick(candidates)
    }

    /// A flight number not yet used by this carrier on this date in the run.
    private static func flightNumber(carrier: Carrier, date: CalendarDate, used: inout Set<String>,
                                     random: inout SeededRandom) -> String {
        var number = random.int(in: 1...1999)
        for attempt in 0..<10_000 {
            let key = carrier.code + String(number) + "/" + date.description
            if !used.contains(key) {
                used.insert(key)
                return String(number)
            }
            number = attempt < 50 ? random.int(in: 1...9999) : number % 9999 + 1
        }
        return String(number)
    }
}
