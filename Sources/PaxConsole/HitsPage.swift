import Foundation
import PaxExchange
import PaxMessages

/// Hits queue: travellers not cleared, across flights, by departure (soonest first, or
/// latest first), with review status; 50 per page. Shows names, so it is audited.
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
    static func view(_ data: ConsoleData, query: [String: String]) async throws -> (View, [String]) {
        let soonestFirst = query["sort"] != "latest"
        var hits: [(record: ManifestRecord, traveler: Traveler, outcome: TravelerAssessment.Outcome)] = []
        for record in await data.manifests() {
            let outcomes = data.outcomes(of: record)
            guard outcomes.values.contains(where: { $0 != .cleared }) else { continue }
            for traveler in record.travelers {
                if let outcome = outcomes[traveler.reference], outcome != .cleared { hits.append((record, traveler, outcome)) }
            }
        }
        // `manifests()` is latest departure first.
        if soonestFirst { hits.reverse() }
        let base = "/hits?sort=" + (soonestFirst ? "soonest" : "latest")
        let pager = Pager(page: Int(query["page"] ?? "") ?? 1, pageSize: pageSize, total: hits.count, base: base)
        let shown = Array(pager.slice(hits, pageSize: pageSize))
        let reviews = try HitReviews.reviews(shown.map { ($0.record.submitter, $0.record.messageId, $0.traveler.reference) },
                                             database: data.database)
        let now = Date()
        let rows = shown.map { hit -> Row in
            let review = reviews[HitReviews.reviewKey(hit.record.submitter, hit.record.messageId, hit.traveler.reference)]
            return Row(departure: ConsoleFormat.departure(hit.record.flight.scheduledDeparture),
                       countdown: ConsoleFormat.countdown(to: hit.record.flight.scheduledDeparture, now: now),
                       flight: "\(hit.record.flight.carrier) \(hit.record.flight.flightNumber) \(hit.record.flight.departureAirport) → \(hit.record.flight.arrivalAirport)",
                       href: ConsoleFormat.travellerLink(submitter: hit.record.submitter, messageId: hit.record.messageId, ref: hit.traveler.reference),
                       name: TravelerPage.fullName(hit.traveler), reference: hit.traveler.reference,
                       outcome: ConsoleFormat.outcomeLabel(hit.outcome), outcomeClass: ConsoleFormat.outcomeClass(hit.outcome),
                       review: review.map { "\($0.verdict.label) (\($0.reviewer))" } ?? "Not reviewed", reviewed: review != nil)
        }
        let view = View(rows: rows, empty: rows.isEmpty, pager: pager, soonestFirst: soonestFirst,
                        otherOrderHref: "/hits?sort=" + (soonestFirst ? "latest" : "soonest"),
                        otherOrderLabel: soonestFirst ? "Latest departure first" : "Soonest departure first",
                        pending: hits.count)
        return (view, shown.map { "\($0.record.messageId)/\($0.traveler.reference)" })
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
