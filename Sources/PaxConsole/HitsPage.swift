import Foundation
import PaxExchange
import PaxMessages

/// Hits queue: travellers not cleared, across flights, by departure (soonest first, or
/// latest first), with review status; 50 per page, read by index from the overview's
/// not-cleared travellers (never the cleared ones). Shows names, so it is audited.
struct HitsPage {
    static let pageSize = 50

    struct Row: Sendable {
        var departure: String
        var countdown: String
        var flight: String
        var href: String
        var name: String
        var reference: String
        var outcome: String
        var outcomeClass: String
        var review: String
        var reviewed: Bool
    }
    struct View: Sendable {
        var rows: [Row]
        var empty: Bool
        var pager: Pager
        var soonestFirst: Bool
        var otherOrderHref: String
        var otherOrderLabel: String
        var pending: Int
    }

    /// The view and the (message id / reference) pairs it shows, for the audit record.
    static func view(_ data: ConsoleData, query: [String: String]) throws -> (View, [String]) {
        let soonestFirst = query["sort"] != "latest"
        let base = "/hits?sort=" + (soonestFirst ? "soonest" : "latest")
        let total = try data.hitCount()
        let pager = Pager(page: Int(query["page"] ?? "") ?? 1, pageSize: pageSize, total: total, base: base)
        let shown = try data.hits(soonestFirst: soonestFirst, offset: pager.offset(pageSize: pageSize), limit: pageSize)
        let now = Date()
        let rows = shown.map { hit -> Row in
            let name = [hit.surname ?? "", hit.givenNames ?? ""].filter { !$0.isEmpty }.joined(separator: ", ")
            return Row(departure: hit.flight.map { ConsoleFormat.departure($0.scheduledDeparture) } ?? "—",
                       countdown: hit.flight.map { ConsoleFormat.countdown(to: $0.scheduledDeparture, now: now) } ?? "—",
                       flight: hit.flight.map { "\($0.carrier) \($0.flightNumber) \($0.departureAirport) → \($0.arrivalAirport)" } ?? hit.messageId,
                       href: ConsoleFormat.travellerLink(submitter: hit.submitter, messageId: hit.messageId, ref: hit.reference),
                       name: name.isEmpty ? hit.reference : name, reference: hit.reference,
                       outcome: ConsoleFormat.outcomeLabel(hit.outcome), outcomeClass: ConsoleFormat.outcomeClass(hit.outcome),
                       review: hit.verdict.map { "\($0.label) (\(hit.reviewer ?? ""))" } ?? "Not reviewed", reviewed: hit.verdict != nil)
        }
        let view = View(rows: rows, empty: rows.isEmpty, pager: pager, soonestFirst: soonestFirst,
                        otherOrderHref: "/hits?sort=" + (soonestFirst ? "latest" : "soonest"),
                        otherOrderLabel: soonestFirst ? "Latest departure first" : "Soonest departure first",
                        pending: total)
        return (view, shown.map { "\($0.messageId)/\($0.reference)" })
    }

    static let template = """
        <p>{{pending}} travellers not cleared. Sorted by departure, {{#soonestFirst}}soonest{{/soonestFirst}}{{^soonestFirst}}latest{{/soonestFirst}} first:
        <a href="{{otherOrderHref}}">{{otherOrderLabel}}</a></p>
        <table id="hits"><caption>Travellers to review</caption>
        <thead><tr><th scope="col">Departure (local)</th><th scope="col">Time to departure</th><th scope="col">Flight</th><th scope="col">Traveller</th>
        <th scope="col">Reference</th><th scope="col">Outcome</th><th scope="col">Review</th></tr></thead>
        <tbody>{{#rows}}<tr><td>{{departure}}</td><td>{{countdown}}</td><td>{{flight}}</td><td><a class="hit-link" href="{{href}}">{{name}}</a></td>
        <td>{{reference}}</td><td><span class="outcome outcome-{{outcomeClass}}">{{outcome}}</span></td>
        <td><span class="review {{#reviewed}}review-done{{/reviewed}}">{{review}}</span></td></tr>{{/rows}}
        {{#empty}}<tr><td colspan="7">Nothing to review.</td></tr>{{/empty}}</tbody></table>
        {{#pager}}{{>pager}}{{/pager}}
        """
}
