/// What a watch list knows of a person's date of birth: the full date, the year alone, or a
/// range of possible dates (both ends included).
public enum WatchListBirthDate: Sendable, Hashable, Codable {
    case exact(CalendarDate)
    /// Year of birth only, 1...9999.
    case year(Int)
    /// Earliest and latest possible date of birth; the first is not after the second.
    case range(CalendarDate, CalendarDate)
}
