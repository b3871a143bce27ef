import Foundation
@testable import PaxGenerator
import PaxMessages
import Testing

/// The travellers look like a real flight's: who is on board, how old, which sex, who books
/// together, which documents they carry. Bounds are generous around what the model draws
/// (stated in each test) so they hold for any seed, yet catch a broken distribution.
@Suite struct DistributionTests {
    /// 3,000 passengers on two San Salvador -> Houston flights (the ATS-G route).
    static let sample: [Traveler] = {
        var generator = Generator(seed: 2026)
        var travelers: [Traveler] = []
        for date in ["2026-03-14", "2026-08-01"] {
            guard let day = CalendarDate(date), let plan = try? generator.flight(on: day, from: "SAL", to: "IAH") else { continue }
            travelers += generator.passengerList(for: plan, travelers: 1500).travelers
        }
        return travelers
    }()

    static func share(_ count: Int, of total: Int) -> Double { Double(count) / Double(max(total, 1)) }

    /// Nationals of the two ends: 45 % + 35 % by draw, plus those drawn as the carrier's or
    /// anyone's: expect 75-92 % Salvadoran or American, and at least 8 other nationalities.
    @Test func nationalitiesFollowTheRoute() {
        let travelers = Self.sample
        let ends = travelers.filter { $0.nationality == "SLV" || $0.nationality == "USA" }.count
        #expect((0.75...0.92).contains(Self.share(ends, of: travelers.count)), "\(ends) of \(travelers.count)")
        #expect(Set(travelers.map(\.nationality)).count >= 8)
        #expect(travelers.filter { $0.nationality == "SLV" }.count > travelers.filter { $0.nationality == "USA" }.count / 2)
    }

    /// Ages (as of the later flight): children travel in families (5-25 % minors), adults
    /// mostly 25-64, nobody over 100, few infants, few over 75.
    @Test func agesArePlausible() throws {
        let travelers = Self.sample
        let today = try RunFixtures.date("2026-08-01")
        let ages = travelers.map { today.year - $0.dateOfBirth.year - ((today.month, today.day) < ($0.dateOfBirth.month, $0.dateOfBirth.day) ? 1 : 0) }
        #expect(ages.allSatisfy { (0...100).contains($0) })
        #expect((0.05...0.25).contains(Self.share(ages.filter { $0 < 18 }.count, of: ages.count)))
        #expect(Self.share(ages.filter { (25...64).contains($0) }.count, of: ages.count) >= 0.55)
        #expect(Self.share(ages.filter { $0 < 2 }.count, of: ages.count) <= 0.05)
        #expect(Self.share(ages.filter { $0 >= 75 }.count, of: ages.count) <= 0.08)
    }

    /// Sexes: 45-55 % men; `X` only for states that issue it, and rarely (under 1 %).
    @Test func gendersAreBalanced() {
        let travelers = Self.sample
        let men = travelers.filter { $0.gender == .male }.count
        #expect((0.45...0.55).contains(Self.share(men, of: travelers.count)), "\(men) men of \(travelers.count)")
        let x = travelers.filter { $0.gender == .unspecified }
        #expect(Self.share(x.count, of: travelers.count) < 0.01)
        #expect(x.allSatisfy { Countries.profile($0.nationality)?.issuesSexX ?? false })
    }

    /// Bookings (70 % of bookings are one person, the rest couples, families, friends and
    /// tours): 45-70 % of passengers share their record locator with someone; a booking
    /// travels together (same route, nationality, address) in adjacent seats of one row.
    @Test func familiesAndGroupsShareALocatorAndSitTogether() throws {
        let travelers = Self.sample
        let groups = Dictionary(grouping: travelers) { $0.recordLocator ?? "" }
        #expect(groups[""] == nil, "every passenger has a locator")
        let grouped = groups.values.filter { $0.count >= 2 }.reduce(0) { $0 + $1.count }
        #expect((0.45...0.70).contains(Self.share(grouped, of: travelers.count)), "\(grouped) of \(travelers.count) in bookings of 2+")
        #expect(groups.values.contains { $0.count >= 4 }, "some families of four or more")
        var families = 0
        for group in groups.values where group.count >= 2 {
            #expect(Set(group.map(\.embarkation)).count == 1 && Set(group.map(\.debarkation)).count == 1)
            #expect(Set(group.map(\.nationality)).count == 1)
            #expect(Set(group.map { $0.address?.street ?? "" }).count == 1)
            let seats = group.compactMap(\.seat)
            if group.count <= 6, seats.count == group.count {
                let rows = Set(seats.map { $0.dropLast() })
                #expect(rows.count == 1, "one row: \(seats)")
            }
            // Salvadoran children carry their father's first surname.
            let surnames = group.map { $0.surname.split(separator: " ").first.map(String.init) ?? "" }
            if group.first?.nationality == "SLV", group.count >= 3, Set(surnames).count < group.count { families += 1 }
        }
        #expect(families >= 10, "Spanish families share the paternal surname")
    }

    /// Documents: Salvadorans and Americans travel on passports; Salvadorans entering the
    /// United States carry a US visa or a resident card; Salvadoran names keep their accents.
    @Test func documentsAndNamesFitTheNationality() {
        let travelers = Self.sample
        let salvadorans = travelers.filter { $0.nationality == "SLV" }
        #expect(salvadorans.allSatisfy { $0.documents.first?.type == .passport && $0.documents.first?.issuingState == "SLV" })
        let entering = salvadorans.filter { $0.debarkation == "IAH" }
        #expect(entering.allSatisfy { traveler in traveler.documents.contains { $0.type == .visa || $0.type == .permanentResidentCard } })
        let accented = salvadorans.filter { ($0.surname + ($0.givenNames ?? "")).unicodeScalars.contains { !$0.isASCII } }
        #expect(Self.share(accented.count, of: salvadorans.count) >= 0.4)
        let withMRZ = travelers.flatMap(\.documents).filter { !$0.mrzLines.isEmpty }
        #expect(withMRZ.allSatisfy { MRZVerifier.verify($0.mrzLines).isValid })
        #expect(Self.share(withMRZ.count, of: travelers.count) >= 0.9)
        let numbers = travelers.flatMap { $0.documents.map { "\($0.type.rawValue)/\($0.issuingState.rawValue)/\($0.number)" } }
        #expect(Set(numbers).count == numbers.count, "document numbers are unique")
    }

    /// Names come from the right tradition: Russians carry gendered surnames, Arabs a
    /// father's name, Chinese one given name, across a sample of each.
    @Test func namingTraditionsHold() {
        var random = SeededRandom(seed: 5)
        for _ in 0..<200 {
            let russian = PersonNamer(culture: .russian).adult(.female, &random)
            let surname = russian.surnames[0].nativeScript ?? ""
            #expect(surname.hasSuffix("А") || surname.hasSuffix("АЯ") || surname.hasSuffix("ИХ") || surname.hasSuffix("ЫХ")
                    || surname.hasSuffix("КО") || surname.hasSuffix("ИЧ"), "\(surname)")
            #expect(PersonNamer(culture: .arabic).adult(.male, &random).givenNames.count >= 2)
            #expect(PersonNamer(culture: .chinese).adult(.female, &random).givenNames.count == 1)
            #expect(PersonNamer(culture: .spanish).adult(.male, &random).surnames.count == 2)
        }
    }
}
