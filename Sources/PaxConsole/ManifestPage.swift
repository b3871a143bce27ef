import Foundation
import PaxExchange
import PaxMessages

/// Manifest: the flight, the exchange state and timings, its travellers (100 per page) with
/// outcome, score and reasons, and the raw XML shown escaped: the manifest as sent (own
/// manifests, until retention drops the payload) or the assessment this agency sent
/// (received manifests; the receiver keeps the parsed manifest, not its bytes).
struct ManifestPage {
    static let pageSize = 100

    struct Row: Sendable {
        var href: String
        var reference: String
        var name: String
        var kind: String
        var nationality: String
        var outcome: String
        var outcomeClass: String
        var score: String
        var reasons: String
    }
    struct View: Sendable {
        var flight: String
        var route: String
        var departure: String
        var messageId: String
        var submitter: String
        var receiver: String
        var state: String
        var timing: String
        var rows: [Row]
        var pager: Pager
        var xmlTitle: String
        var xml: String
        var hasXML: Bool
    }

    /// The view and the traveller references it shows (to audit); nil when there is no such manifest.
    static func view(_ data: ConsoleData, query: [String: String]) async throws -> (View, [String])? {
        guard let submitter = query["submitter"], let id = query["id"],
              let record = await data.manifest(submitter: submitter, messageId: id) else { return nil }
        let base = ConsoleFormat.manifestLink(submitter: submitter, messageId: id)
        let pager = Pager(page: Int(query["page"] ?? "") ?? 1, pageSize: pageSize, total: record.travelers.count, base: base)
        let shown = Array(pager.slice(record.travelers, pageSize: pageSize))
        let own = record.submitter == data.agencyId
        let assessed = data.assessmentSent(for: record)
        let rows = shown.map { traveler -> Row in
            let assessment = assessed[traveler.reference]
            let outcome = assessment?.outcome ?? record.outcomes[traveler.reference]
            return Row(href: ConsoleFormat.travellerLink(submitter: submitter, messageId: id, ref: traveler.reference),
                       reference: traveler.reference,
                       name: [traveler.surname, traveler.givenNames ?? ""].filter { !$0.isEmpty }.joined(separator: ", "),
                       kind: traveler.kind.rawValue, nationality: traveler.nationality.rawValue,
                       outcome: ConsoleFormat.outcomeLabel(outcome), outcomeClass: ConsoleFormat.outcomeClass(outcome),
                       score: ConsoleFormat.score(assessment?.score),
                       reasons: assessment?.reasons.map(\.text).joined(separator: "; ") ?? (own ? "(assessed by \(record.receiver))" : ""))
        }
        var timing = "—"
        var xml = ""
        var xmlTitle = ""
        if own, let found = try data.outgoing(id) {
            timing = "sent \(ConsoleFormat.time(found.record.createdAt)), \(found.record.attempts) attempt(s), \(found.record.state)"
            xmlTitle = "Manifest as sent"
            xml = found.message.map { String(decoding: $0.payload, as: UTF8.self) } ?? ""
        } else if !own, let found = try data.outgoing(MessageNamespace.assessmentId(by: data.agencyId, answering: id)) {
            timing = "assessment sent \(ConsoleFormat.time(found.record.createdAt)), \(found.record.attempts) attempt(s), \(found.record.state)"
            xmlTitle = "Risk assessment sent"
            xml = found.message.map { String(decoding: $0.payload, as: UTF8.self) } ?? ""
        }
        let view = View(flight: "\(record.flight.carrier) \(record.flight.flightNumber)",
                        route: "\(record.flight.departureAirport) → \(record.flight.arrivalAirport)",
                        departure: ConsoleFormat.departure(record.flight.scheduledDeparture),
                        messageId: id, submitter: record.submitter, receiver: record.receiver, state: record.state.rawValue,
                        timing: timing, rows: rows, pager: pager, xmlTitle: xmlTitle, xml: xml, hasXML: !xml.isEmpty)
        return (view, shown.map(\.reference))
    }

    static let template = """
        <dl class="facts"><div><dt>Flight</dt><dd>{{flight}}</dd></div><div><dt>Route</dt><dd>{{route}}</dd></div>
        <div><dt>Departure (local)</dt><dd>{{departure}}</dd></div><div><dt>Message id</dt><dd><code>{{messageId}}</code></dd></div>
        <div><dt>From</dt><dd>{{submitter}}</dd></div><div><dt>To</dt><dd>{{receiver}}</dd></div>
        <div><dt>State</dt><dd>{{state}}</dd></div><div><dt>Exchange</dt><dd>{{timing}}</dd></div></dl>
        <table><caption>Travellers</caption>
        <thead><tr><th scope="col">Reference</th><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Nationality</th>
        <th scope="col">Outcome</th><th scope="col">Score</th><th scope="col">Reasons</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="{{href}}">{{reference}}</a></td><td>{{name}}</td><td>{{kind}}</td><td>{{nationality}}</td>
        <td><span class="outcome outcome-{{outcomeClass}}">{{outcome}}</span></td><td>{{score}}</td><td>{{reasons}}</td></tr>{{/rows}}</tbody></table>
        {{#pager}}{{>pager}}{{/pager}}
        {{#hasXML}}<section aria-labelledby="xml-heading"><h2 id="xml-heading">{{xmlTitle}} (raw XML)</h2><pre class="xml">{{xml}}</pre></section>{{/hasXML}}
        """
}
