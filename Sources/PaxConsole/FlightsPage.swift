import Foundation
import PaxExchange
import PaxMessages

/// Flights: every manifest sent or received, with carrier and flight, route, departure in the
/// airport's zone and the time to it, list size, outcome counts, exchange state and send
/// timings; filters by direction, state and carrier; 50 per page. Shows no names (not audited).
struct FlightsPage {
    static let pageSize = 50

    struct Row: Sendable {
        var href: String
        var flight: String
        var route: String
        var departure: String
        var countdown: String
        var direction: String
        var peer: String
        var travellers: Int
        var cleared: Int
        var inspect: Int
        var noBoard: Int
        var state: String
        var timing: String
    }
    struct Option: Sendable { var value: String; var label: String; var selected: Bool }
    struct View: Sendable {
        var rows: [Row]
        var empty: Bool
        var directions: [Option]
        var states: [Option]
        var carrier: String
        var pager: Pager
    }

    static func view(_ data: ConsoleData, query: [String: String]) async throws -> View {
        let direction = query["direction"].flatMap { ["sent", "received"].contains($0) ? $0 : nil } ?? "all"
        let state = query["state"].flatMap(ManifestState.init(rawValue:))
        let carrier = String((query["carrier"] ?? "").uppercased().prefix(3))
        let all = await data.manifests().filter { record in
            let sent = record.submitter == data.agencyId
            if direction == "sent" && !sent { return false }
            if direction == "received" && sent { return false }
            if let state, record.state != state { return false }
            if !carrier.isEmpty && record.flight.carrier != carrier { return false }
            return true
        }
        let base = "/flights?" + ConsoleFormat.query([("direction", direction), ("state", state?.rawValue ?? ""), ("carrier", carrier)])
        let pager = Pager(page: Int(query["page"] ?? "") ?? 1, pageSize: pageSize, total: all.count, base: base)
        let shown = Array(pager.slice(all, pageSize: pageSize))
        let outgoing = try data.outgoingRows(shown.filter { $0.submitter == data.agencyId }.map(\.messageId))
        let now = Date()
        let rows = shown.map { record -> Row in
            let outcomes = data.outcomes(of: record)
            let sent = record.submitter == data.agencyId
            var timing = "—"
            if let row = outgoing[record.messageId] {
                timing = "sent \(ConsoleFormat.time(row.createdAt)), \(row.attempts) attempt\(row.attempts == 1 ? "" : "s"), \(row.state)"
            }
            return Row(href: ConsoleFormat.manifestLink(submitter: record.submitter, messageId: record.messageId),
                       flight: "\(record.flight.carrier) \(record.flight.flightNumber)",
                       route: "\(record.flight.departureAirport) → \(record.flight.arrivalAirport)",
                       departure: ConsoleFormat.departure(record.flight.scheduledDeparture),
                       countdown: ConsoleFormat.countdown(to: record.flight.scheduledDeparture, now: now),
                       direction: sent ? "sent" : "received", peer: sent ? record.receiver : record.submitter,
                       travellers: record.travelers.count,
                       cleared: outcomes.values.filter { $0 == .cleared }.count,
                       inspect: outcomes.values.filter { $0 == .inspect }.count,
                       noBoard: outcomes.values.filter { $0 == .noBoard }.count,
                       state: record.state.rawValue, timing: timing)
        }
        return View(
            rows: rows, empty: rows.isEmpty,
            directions: [("all", "All"), ("sent", "Sent"), ("received", "Received")].map {
                Option(value: $0.0, label: $0.1, selected: $0.0 == direction)
            },
            states: [Option(value: "", label: "Any", selected: state == nil)] + ManifestState.allCases.map {
                Option(value: $0.rawValue, label: $0.rawValue, selected: $0 == state)
            },
            carrier: carrier, pager: pager)
    }

    static let template = """
        <form method="get" action="/flights" class="filters">
        <label for="direction">Direction</label>
        <select id="direction" name="direction">{{#directions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/directions}}</select>
        <label for="state">State</label>
        <select id="state" name="state">{{#states}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/states}}</select>
        <label for="carrier">Carrier</label>
        <input id="carrier" name="carrier" value="{{carrier}}" size="4" maxlength="3">
        <button type="submit">Filter</button>
        </form>
        <table><caption>Manifests, latest departure first</caption>
        <thead><tr><th scope="col">Flight</th><th scope="col">Route</th><th scope="col">Departure (local)</th><th scope="col">Time to departure</th>
        <th scope="col">Direction</th><th scope="col">Peer</th><th scope="col">Travellers</th><th scope="col">Cleared</th><th scope="col">Inspect</th>
        <th scope="col">No board</th><th scope="col">State</th><th scope="col">Sending</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="{{href}}">{{flight}}</a></td><td>{{route}}</td><td>{{departure}}</td><td>{{countdown}}</td>
        <td>{{direction}}</td><td>{{peer}}</td><td>{{travellers}}</td><td>{{cleared}}</td><td>{{inspect}}</td><td>{{noBoard}}</td>
        <td>{{state}}</td><td>{{timing}}</td></tr>{{/rows}}
        {{#empty}}<tr><td colspan="12">No manifests match.</td></tr>{{/empty}}</tbody></table>
        {{#pager}}{{>pager}}{{/pager}}
        """
}
