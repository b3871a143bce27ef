public import PaxMessages

/// The dates that decide whether a traveller's documents are valid: when the manifest was
/// made ("today" for the birth-date rule), and the local dates the traveller departs and
/// arrives (the expiry rules).
public struct Journey: Sendable, Hashable {
    public var created: CalendarDate
    public var departure: CalendarDate
    public var arrival: CalendarDate

    public init(created: CalendarDate, departure: CalendarDate, arrival: CalendarDate) {
        self.created = created
        self.departure = departure
        self.arrival = arrival
    }

    /// Days a document must outlast the arrival (the rules' stay window is 180 days).
    static let validityMarginDays = 181
}

extension CalendarDate {
    /// The same day `years` later (28 February for 29 February in a common year), or nil
    /// beyond year 9999.
    func adding(years: Int) -> CalendarDate? {
        let year = self.year + years
        guard (1...9999).contains(year) else { return nil }
        return CalendarDate(year: year, month: month, day: min(day, CivilCalendar.daysIn(month: month, year: year)))
    }

    /// `YYMMDD`, as the MRZ writes dates.
    var mrzForm: String {
        let y = year % 100, month = month, day = day
        return String(unsafeUninitializedCapacity: 6) { buffer in
            buffer[0] = 0x30 + UInt8(y / 10)
            buffer[1] = 0x30 + UInt8(y % 10)
            buffer[2] = 0x30 + UInt8(month / 10)
            buffer[3] = 0x30 + UInt8(month % 10)
            buffer[4] = 0x30 + UInt8(day / 10)
            buffer[5] = 0x30 + UInt8(day % 10)
            return 6
        }
    }
}
