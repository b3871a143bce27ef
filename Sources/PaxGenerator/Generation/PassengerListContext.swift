import PaxMessages

/// Everything fixed for one manifest's travellers before any is generated: the flight,
/// the creation date, where the run's document serials for this list start, how
/// references, record locators and bag tags are numbered.
struct PassengerListContext: Sendable {
    let seed: UInt64
    let plan: FlightPlan
    let listType: ListType
    let created: CalendarDate
    let travelerCount: Int
    /// Document serial of the first traveller; traveller `i` uses `serialBase + i`.
    let serialBase: UInt64
    /// `TA570-0314-`, then the traveller number, zero-padded to `referenceWidth`.
    let referencePrefix: String
    let referenceWidth: Int
    let locators: SerialPermutation
    let bagTagBase: Int
    /// `0` and the carrier's accounting prefix: the first four digits of every bag tag.
    let bagTagPrefix: String
    /// The random stream key of this list; group `g` draws from `SeededRandom(seed:stream:key, g)`.
    let streamKey: UInt64

    init(seed: UInt64, plan: FlightPlan, listType: ListType, created: CalendarDate, travelerCount: Int, serialBase: UInt64) {
        self.seed = seed
        self.plan = plan
        self.listType = listType
        self.created = created
        self.travelerCount = travelerCount
        self.serialBase = serialBase
        let date = plan.date
        let monthDay = String(date.month / 10) + String(date.month % 10) + String(date.day / 10) + String(date.day % 10)
        referencePrefix = plan.designator + "-" + monthDay + "-" + (listType == .crew ? "C" : "")
        referenceWidth = max(3, String(travelerCount).count)
        streamKey = UInt64(plan.index) << 1 | (listType == .crew ? 1 : 0)
        var random = SeededRandom(seed: seed, stream: 0x10CA_7025, streamKey)
        locators = SerialPermutation(size: 1 << 30, random: &random)
        bagTagBase = random.below(1_000_000)
        bagTagPrefix = "0" + plan.carrier.accountingPrefix
    }

    /// The reference of traveller `index` (0-based): `TA570-0314-007`.
    func reference(_ index: Int) -> String {
        DecimalText.padded(index + 1, width: referenceWidth, prefix: referencePrefix)
    }

    /// The 32 symbols of record locators: A-Z without I and O, then 2-9.
    private static let locatorAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789".utf8)

    /// The record locator of booking group `group`: six characters of `[A-Z2-9]` (no 0, 1, I, O), unique in the list.
    func recordLocator(_ group: Int) -> String {
        var value = locators(UInt64(group))
        let alphabet = Self.locatorAlphabet
        return String(unsafeUninitializedCapacity: 6) { buffer in
            for position in (0..<6).reversed() {
                buffer[position] = alphabet[Int(value & 31)]
                value >>= 5
            }
            return 6
        }
    }

    /// The IATA licence plate of bag `bag` (0...3) of traveller `index`: `0`, the carrier's
    /// accounting prefix, six serial digits.
    func bagTag(traveler index: Int, bag: Int) -> String {
        DecimalText.padded(bagTagSerial(traveler: index, bag: bag), width: 6, prefix: bagTagPrefix)
    }

    /// The six serial digits of that bag tag, as a number.
    func bagTagSerial(traveler index: Int, bag: Int) -> Int {
        (bagTagBase + index * 4 + bag) % 1_000_000
    }
}
