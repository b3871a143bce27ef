import Foundation
@testable import PaxGenerator
import PaxMessages
import Testing

/// Schedules respect each airport's clock: the embedded summer-time rules agree with the
/// system's tz database (Foundation's `TimeZone`) for every airport, and flights have
/// plausible block times, local times and offsets.
@Suite struct ScheduleTests {
    static var zones: [ZoneRule] {
        var seen: Set<String> = []
        return Airports.all.map(\.zone).filter { seen.insert($0.identifier).inserted }
    }

    /// Every hour of 2026, and a minute either side of every transition from 2025 to 2027.
    @Test func embeddedOffsetsAgreeWithTheTzDatabase() throws {
        let start = try #require(CalendarDate("2025-01-01")).daysSince1970 * 86_400
        let end = try #require(CalendarDate("2028-01-01")).daysSince1970 * 86_400
        var checked = 0
        for zone in Self.zones {
            let system = try #require(TimeZone(identifier: zone.identifier), "the tz database knows \(zone.identifier)")
            var instants: [Int] = []
            let year2026 = start + 365 * 86_400
            for hour in stride(from: year2026, to: year2026 + 365 * 86_400, by: 3600) { instants.append(hour) }
            var cursor = Date(timeIntervalSince1970: TimeInterval(start))
            while let transition = system.nextDaylightSavingTimeTransition(after: cursor), transition.timeIntervalSince1970 < TimeInterval(end) {
                let at = Int(transition.timeIntervalSince1970)
                instants += [at - 60, at, at + 60]
                cursor = transition
            }
            for instant in instants {
                let expected = system.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) / 60
                #expect(zone.offsetMinutes(atUTC: instant) == expected, "\(zone.identifier) at \(instant)")
                checked += 1
            }
        }
        #expect(checked > 400_000)
    }

    @Test func localTimesRoundTrip() throws {
        for zone in Self.zones {
            for day in stride(from: try #require(CalendarDate("2026-01-01")).daysSince1970, to: 20_819, by: 7) {
                let local = (day * 1440 + 10 * 60 + 35) * 60
                let utc = zone.utcSeconds(forLocal: local)
                #expect(utc + zone.offsetMinutes(atUTC: utc) * 60 == local, "\(zone.identifier) day \(day)")
            }
        }
    }

    @Test func salvadorToHoustonKeepsLocalClocks() throws {
        var generator = Generator(seed: 1)
        for (date, arrivalOffset) in [("2026-03-07", "-06:00"), ("2026-03-14", "-05:00"), ("2026-11-07", "-06:00")] {
            let plan = try generator.flight(on: try RunFixtures.date(date), from: "SAL", to: "IAH")
            let leg = try #require(plan.flight.legs.first)
            #expect(leg.scheduledDeparture.utcOffset.description == "-06:00")
            #expect(leg.scheduledArrival.utcOffset.description == arrivalOffset, "\(date)")
            #expect(leg.scheduledDeparture.localDate.description == date)
            let minutes = (leg.scheduledArrival.secondsSince1970 - leg.scheduledDeparture.secondsSince1970) / 60
            #expect((150...240).contains(minutes), "SAL-IAH block time \(minutes) min")
        }
    }

    @Test func randomRoutesAreInternationalWithPlausibleTimes() throws {
        var generator = Generator(seed: 44)
        var stops = 0
        for _ in 0..<150 {
            let plan = try generator.flight(on: try RunFixtures.date("2026-06-20"))
            #expect(plan.origin.country != plan.destination.country)
            #expect(plan.carrier.hubs.contains(plan.origin.code))
            for leg in plan.flight.legs {
                let minutes = (leg.scheduledArrival.secondsSince1970 - leg.scheduledDeparture.secondsSince1970) / 60
                #expect((45...(19 * 60)).contains(minutes), "\(leg.departureAirport)-\(leg.arrivalAirport) \(minutes) min")
            }
            if plan.flight.legs.count > 1 { stops += 1 }
        }
        #expect(stops >= 3, "some flights make a stop")
    }

    @Test func greatCircleDistancesAreRight() throws {
        let sal = try #require(Airports.named("SAL")), iah = try #require(Airports.named("IAH"))
        let lhr = try #require(Airports.named("LHR")), syd = try #require(Airports.named("SYD"))
        #expect(abs(GreatCircle.kilometres(sal, iah) - 1_960) < 40)
        #expect(abs(GreatCircle.kilometres(lhr, syd) - 17_000) < 150)
        #expect(abs(GreatCircle.sine(1.0) - sin(1.0)) < 1e-12)
    }
}
