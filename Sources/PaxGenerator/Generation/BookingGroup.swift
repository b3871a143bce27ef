import PaxMessages

/// The people on one booking (one PNR record locator): who they are to each other, their
/// sexes and ages. Drawn before anyone is named, so that names, seats and documents can
/// follow the relations.
struct BookingGroup: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case solo, couple, family, singleParent, friends, tour
    }

    enum Role: Sendable {
        /// The first adult (the booker).
        case lead
        /// The lead's spouse or partner.
        case partner
        /// A child of the lead (and partner).
        case child
        /// An unrelated adult travelling with the lead.
        case companion
    }

    struct Member: Sendable {
        var role: Role
        var sex: Gender
        var age: Int
    }

    var kind: Kind
    var members: [Member]

    /// Relative frequency of each kind of booking.
    static let kinds = WeightedChoice<Kind>([(.solo, 70), (.couple, 12), (.family, 10), (.singleParent, 2), (.friends, 4), (.tour, 2)])

    /// How many children a family travels with.
    static let childCounts = WeightedChoice<Int>([(1, 35), (2, 42), (3, 17), (4, 6)])

    /// Adult ages, in decade-ish buckets (years, weight).
    static let adultAges = WeightedChoice<ClosedRange<Int>>([
        (18...24, 10), (25...34, 24), (35...44, 24), (45...54, 20), (55...64, 13), (65...74, 7), (75...89, 2),
    ])

    /// Draws a booking of at most `limit` people; `allowsX` when the nationality's documents may say `X`.
    static func draw(limit: Int, allowsX: Bool, random: inout SeededRandom) -> BookingGroup {
        var kind = kinds.draw(&random)
        if limit == 1 { kind = .solo }
        var members: [Member] = []
        func adultSex() -> Gender {
            if allowsX, random.chance(1, in: 200) { return .unspecified }
            return random.percent(50) ? .male : .female
        }
        func adultAge(_ range: ClosedRange<Int>? = nil) -> Int {
            let bucket = range ?? adults(&random)
            return random.int(in: bucket)
        }
        switch kind {
        case .solo:
            members = [Member(role: .lead, sex: adultSex(), age: adultAge())]
        case .couple:
            let lead = Member(role: .lead, sex: random.percent(50) ? .male : .female, age: adultAge())
            let sex: Gender = random.percent(95) ? (lead.sex == .male ? .female : .male) : lead.sex
            members = [lead, Member(role: .partner, sex: sex, age: max(18, lead.age + random.int(in: -6...6)))]
        case .family, .singleParent:
            let parentAge = random.int(in: 24...52)
            let lead = Member(role: .lead, sex: kind == .singleParent ? (random.percent(75) ? .female : .male) : .male, age: parentAge)
            members = [lead]
            if kind == .family {
                let sex: Gender = random.percent(96) ? .female : .male
                members.append(Member(role: .partner, sex: sex, age: max(20, parentAge + random.int(in: -5...4))))
            }
            let children = childCounts.draw(&random)
            var age = min(17, parentAge - random.int(in: 18...30))
            for _ in 0..<children where age >= 0 {
                members.append(Member(role: .child, sex: random.percent(51) ? .male : .female, age: age))
                age -= random.int(in: 1...4)
            }
        case .friends:
            let size = random.int(in: 2...5)
            let base = random.int(in: 19...38)
            members = (0..<size).map { index in
                Member(role: index == 0 ? .lead : .companion, sex: adultSex(), age: max(18, base + random.int(in: -3...3)))
            }
        case .tour:
            let size = random.int(in: 6...12)
            members = (0..<size).map { index in
                Member(role: index == 0 ? .lead : .companion, sex: random.percent(55) ? .female : .male, age: random.int(in: 50...82))
            }
        }
        if members.count > limit { members.removeLast(members.count - limit) }
        return BookingGroup(kind: kind, members: members)
    }

    private static func adults(_ random: inout SeededRandom) -> ClosedRange<Int> {
        adultAges.draw(&random)
    }
}
