/// What the rules need beyond the message itself, so that results are deterministic and
/// never depend on the wall clock.
public struct RuleContext: Sendable, Hashable {
    /// How long after arrival a travel document must stay valid; a document expiring
    /// earlier gets a warning. 180 days by default.
    public var stayDays: Int
    /// The date "not in the future" checks compare with; nil means the local date of the
    /// message's `CreatedAt` (for an envelope, each message's own).
    public var today: CalendarDate?

    public init(stayDays: Int = 180, today: CalendarDate? = nil) {
        self.stayDays = stayDays
        self.today = today
    }

    /// `today`, or the date `header` was created.
    func today(for header: MessageHeader) -> CalendarDate {
        today ?? header.createdAt.localDate
    }
}
