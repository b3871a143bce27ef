import Foundation
import PaxExchange
import PaxMessages

/// Manifest: the flight, the exchange state and timings, its travellers (100 per page) with
/// outcome, score and reasons (from the overview kept at receipt), and the raw documents
/// shown escaped: the manifest as received (the peer's signed frame, or the carrier's
/// PAXLST), the manifest as sent (own manifests) or the assessment this agency sent
/// (received manifests); each until retention removes it.
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
    /// A document shown as text, escaped.
    struct RawDocument: Sendable {
        var id: String
        var title: String
        var text: String
        var removed: Bool
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
        var documents: [RawDocument]
    }

    /// The view and the traveller references it shows (to audit); nil when there is no such manifest.
    static func view(_ data: ConsoleData, query: [String: String]) throws -> (View, [String])? {
        guard let submitter = query["submitter"], let id = query["id"],
              let record = data.manifest(submitter: submitter, messageId: id) else { return nil }
        let base = ConsoleFormat.manifestLink(submitter: submitter, messageId: id)
        let pager = Pager(page: Int(query["page"] ?? "") ?? 1, pageSize: pageSize, total: record.travelers.count, base: base)
        let shown = Array(pager.slice(record.travelers, pageSize: pageSize))
        let own = record.submitter == data.agencyId
        let flagged = try data.flagged(submitter: submitter, messageId: id)
        let screened = try own || data.hasOutcomeCounts(submitter: submitter, messageId: id)
        let rows = shown.map { traveler -> Row in
            let found = flagged[traveler.reference]
            let assessment = found?.assessment
            let outcome = found?.outcome ?? record.outcomes[traveler.reference] ?? (!own && screened ? .cleared : nil)
            var reasons = assessment?.reasons.map(\.text).joined(separator: "; ") ?? ""
            if found?.removed == true { reasons = "(removed by retention)" }
            if reasons.isEmpty && own && outcome != nil && outcome != .cleared { reasons = "(assessed by \(record.receiver))" }
            return Row(href: ConsoleFormat.travellerLink(submitter: submitter, messageId: id, ref: traveler.reference),
                       reference: traveler.reference,
                       name: [traveler.surname, traveler.givenNames ?? ""].filter { !$0.isEmpty }.joined(separator: ", "),
                       kind: traveler.kind.rawValue, nationality: traveler.nationality.rawValue,
                       outcome: ConsoleFormat.outcomeLabel(outcome), outcomeClass: ConsoleFormat.outcomeClass(outcome),
                       score: ConsoleFormat.score(assessment?.score), reasons: reasons)
        }
        var timing = "—"
        var documents: [RawDocument] = []
        for copy in try data.copies(submitter: submitter, messageId: id) {
            let title: String
            switch copy.kind {
            case .frame: title = "Manifest as received from \(record.submitter) (signed frame: header and XML)"
            case .paxlst: title = "PAXLST interchange as received from the carrier"
            }
            documents.append(RawDocument(id: "copy-\(copy.kind.rawValue)", title: title,
                                         text: copy.bytes.map { String(decoding: $0, as: UTF8.self) } ?? "", removed: copy.bytes == nil))
        }
        if own, let found = try data.outgoing(id) {
            timing = "sent \(ConsoleFormat.time(found.record.createdAt)), \(found.record.attempts) attempt(s), \(found.record.state)"
            let xml = found.message.map { String(decoding: $0.payload, as: UTF8.self) } ?? ""
            documents.append(RawDocument(id: "sent-xml", title: "Manifest as sent (XML)", text: xml, removed: xml.isEmpty))
        } else if !own, let found = try data.outgoing(MessageNamespace.assessmentId(by: data.agencyId, answering: id)) {
            timing = "assessment sent \(ConsoleFormat.time(found.record.createdAt)), \(found.record.attempts) attempt(s), \(found.record.state)"
            let xml = found.message.map { String(decoding: $0.payload, as: UTF8.self) } ?? ""
            documents.append(RawDocument(id: "assessment-xml", title: "Risk assessment sent (XML)", text: xml, removed: xml.isEmpty))
        }
        let view = View(flight: "\(record.flight.carrier) \(record.flight.flightNumber)",
                        route: "\(record.flight.departureAirport) → \(record.flight.arrivalAirport)",
                        departure: ConsoleFormat.departure(record.flight.scheduledDeparture),
                        messageId: id, submitter: record.submitter, receiver: record.receiver, state: record.state.rawValue,
                        timing: timing, rows: rows, pager: pager, documents: documents)
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
        {{#documents}}<section aria-labelledby="{{id}}-heading"><h2 id="{{id}}-heading">{{title}}</h2>
        {{#removed}}<p>Removed by retention.</p>{{/removed}}{{^removed}}<pre class="xml">{{text}}</pre>{{/removed}}</section>{{/documents}}
        """
}
