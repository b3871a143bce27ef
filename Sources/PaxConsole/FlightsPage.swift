import Foundation
import PaxExchange
import PaxMessages

/// Flights: every manifest sent or received, with carrier and flight, route, departure in the
/// airport's zone and the time to it, list size, outcome counts, exchange state and send
/// timings; filters by direction, state and carrier; 50 per page, read from the manifests
/// overview by index. Shows no names (not audited).
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
        var cleared: String
        var inspect: String
        var noBoard: String
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

    static func view(_ data: ConsoleData, query: [String: String]) throws -> View {
        let direction = query["direction"].flatMap { ["sent", "received"].contains($0) ? $0 : nil } ?? "all"
        let state = query["state"].flatMap(ManifestState.init(rawValue:))
        let carrier = String((query["carrier"] ?? "").uppercased().prefix(3))
        let filter = ConsoleData.FlightFilter(own: direction == "all" ? nil : direction == "sent", state: state?.rawValue,
                                              carrier: carrier.isEmpty ? nil : carrier)
        let base = "/flights?" + ConsoleFormat.query([("direction", direction), ("state", state?.rawValue ?? ""), ("carrier", carrier)])
        let pager = Pager(page: Int(query["page"] ?? "") ?? 1, pageSize: pageSize, total: try data.flightCount(filter), base: base)
        let shown = try data.flights(filter, offset: pager.offset(pageSize: pageSize), limit: pageSize)
        let outgoing = try data.outgoingRows(shown.filter(\.own).map(\.messageId))
        let now = Date()
        let rows = shown.map { manifest -> Row in
            var timing = "—"
            if let row = outgoing[manifest.messageId] {
                timing = "sent \(ConsoleFormat.time(row.createdAt)), \(row.attempts) attempt\(row.attempts == 1 ? "" : "s"), \(row.state)"
            }
            let flight = manifest.flight
            return Row(href: ConsoleFormat.manifestLink(submitter: manifest.submitter, messageId: manifest.messageId),
                       flight: flight.map { "\($0.carrier) \($0.flightNumber)" } ?? manifest.messageId,
                       route: flight.map { "\($0.departureAirport) → \($0.arrivalAirport)" } ?? "—",
                       departure: flight.map { ConsoleFormat.departure($0.scheduledDeparture) } ?? "—",
                       countdown: flight.map { ConsoleFormat.countdown(to: $0.scheduledDeparture, now: now) } ?? "—",
                       direction: manifest.own ? "sent" : "received", peer: manifest.peer,
                       travellers: manifest.travellers, cleared: Self.count(manifest.cleared), inspect: Self.count(manifest.inspect),
                       noBoard: Self.count(manifest.noBoard), state: manifest.state, timing: timing)
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

    /// An outcome count, or a dash when it is not known (a received manifest whose assessment was not kept).
    static func count(_ value: Int?) -> String { value.map(String.init) ?? "—" }

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
