import Foundation
import PaxMessages

/// Small text helpers shared by the pages: times, countdowns, outcomes, links.
enum ConsoleFormat {
    /// `2026-12-03 13:45:10Z` from milliseconds since 1970 (civil calendar arithmetic: no
    /// date formatter is made per row).
    static func time(_ milliseconds: Int64) -> String {
        guard milliseconds > 0 else { return "—" }
        let (days, second) = CivilCalendar.split(secondsSince1970: Int(milliseconds / 1000))
        let date = CivilCalendar.date(daysSince1970: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(date.year)-\(two(date.month))-\(two(date.day)) \(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))Z"
    }

    /// `in 2 h 05 min` or `departed 12 min ago`.
    static func countdown(to departure: Timestamp, now: Date) -> String {
        let seconds = Int(departure.instant.timeIntervalSince(now))
        let minutes = abs(seconds) / 60
        let text = minutes >= 60 ? "\(minutes / 60) h \(String(format: "%02d", minutes % 60)) min" : "\(minutes) min"
        return seconds >= 0 ? "in \(text)" : "departed \(text) ago"
    }

    /// The departure as written in the message: local time at the airport with its UTC offset.
    static func departure(_ departure: Timestamp) -> String {
        let text = departure.description
        guard text.count >= 16 else { return text }
        let start = text.startIndex
        let date = text[start..<text.index(start, offsetBy: 10)]
        let clock = text[text.index(start, offsetBy: 11)..<text.index(start, offsetBy: 16)]
        return "\(date) \(clock) (UTC\(departure.utcOffset.minutes >= 0 ? "+" : "−")\(String(format: "%02d:%02d", abs(departure.utcOffset.minutes) / 60, abs(departure.utcOffset.minutes) % 60)))"
    }

    static func outcomeLabel(_ outcome: TravelerAssessment.Outcome?) -> String {
        switch outcome {
        case .cleared?: "Cleared"
        case .inspect?: "Inspect"
        case .noBoard?: "No board"
        case nil: "Not assessed"
        }
    }

    static func outcomeClass(_ outcome: TravelerAssessment.Outcome?) -> String {
        switch outcome {
        case .cleared?: "cleared"
        case .inspect?: "inspect"
        case .noBoard?: "noboard"
        case nil: "none"
        }
    }

    /// A query string from pairs, each value percent-encoded.
    static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
    }

    /// `text` percent-encoded for a query value: every UTF-8 byte outside the query characters
    /// of RFC 3986 less `&=+#?/` as `%XX` (what `addingPercentEncoding` with that set gives,
    /// made over bytes: a page has a hundred links).
    static func percentEncoded(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            if isQueryValueByte(byte) {
                output.append(byte)
            } else {
                output.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isQueryValueByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"),
             UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: ","), UInt8(ascii: ";"),
             UInt8(ascii: ":"), UInt8(ascii: "@"): true
        default: false
        }
    }

    static func manifestLink(submitter: String, messageId: String) -> String {
        "/manifest?" + query([("submitter", submitter), ("id", messageId)])
    }

    static func travellerLink(submitter: String, messageId: String, ref: String) -> String {
        "/traveller?" + query([("submitter", submitter), ("id", messageId), ("ref", ref)])
    }

    static func score(_ score: UnitScore?) -> String {
        guard let score else { return "—" }
        return String(format: "%.2f", Double(score.tenThousandths) / 10_000)
    }

    static func fraction(_ value: Double) -> String { String(format: "%.2f", value) }
}

/// Previous/next links of a paginated list.
struct Pager: Sendable {
    var page: Int
    var pages: Int
    var total: Int
    var hasPrevious: Bool
    var previousHref: String
    var hasNext: Bool
    var nextHref: String

    /// `base` is the path and query without `page`.
    init(page: Int, pageSize: Int, total: Int, base: String) {
        let pages = max(1, (total + pageSize - 1) / pageSize)
        self.page = min(max(1, page), pages)
        self.pages = pages
        self.total = total
        let joiner = base.contains("?") ? "&" : "?"
        hasPrevious = self.page > 1
        previousHref = "\(base)\(joiner)page=\(self.page - 1)"
        hasNext = self.page < pages
        nextHref = "\(base)\(joiner)page=\(self.page + 1)"
    }

    /// The first item of this page (for `LIMIT pageSize OFFSET offset`).
    func offset(pageSize: Int) -> Int { (page - 1) * pageSize }

    func slice<T>(_ items: [T], pageSize: Int) -> ArraySlice<T> {
        let start = min(items.count, (page - 1) * pageSize)
        return items[start..<min(items.count, start + pageSize)]
    }

    static let template = """
        <nav class="pager" aria-label="Pages"><p>Page {{page}} of {{pages}} ({{total}} in all)
        {{#hasPrevious}}<a href="{{previousHref}}" rel="prev">Previous</a>{{/hasPrevious}}
        {{#hasNext}}<a href="{{nextHref}}" rel="next">Next</a>{{/hasNext}}</p></nav>
        """
}
