import PaxMessages

/// A booking group decided but not yet built: who travels (sexes, ages, relations), from
/// where to where, of which nationality, in which seats, and the group's random stream as
/// planning left it. Planning is cheap and sequential (seats depend on earlier groups);
/// building the travellers from plans is the costly part, and plans can be built on any
/// thread in any order with the same result.
struct GroupPlan: Sendable {
    var group: Int
    /// Index of the group's first traveller in the list.
    var first: Int
    var random: SeededRandom
    var from: Int
    var to: Int
    var nationality: CountryProfile
    var culture: NameCulture
    var residence: CountryCode
    var booking: BookingGroup
    var seats: [String?]
    /// Traveller indices whose birth day must allow a day/month swap (watch-list plants).
    var swappableBirth: Set<Int>

    var count: Int { booking.members.count }
}
