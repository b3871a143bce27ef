import Foundation
import GRDB
import PaxServer

/// Security: requests refused by code and claimed sender: totals since the agency started
/// (from the HTTP layer's ledger) and over time, per hour, from the audit log's
/// `access-denied` records (refusal summaries carry a count; the agency's own refusals count 1).
struct SecurityPage {
    struct Total: Sendable { var code: String; var sender: String; var count: Int }
    struct Hour: Sendable { var hour: String; var code: String; var sender: String; var count: Int }
    struct View: Sendable {
        var totals: [Total]
        var hasTotals: Bool
        var hours: [Hour]
        var hasHours: Bool
    }

    static func view(_ data: ConsoleData) throws -> View {
        let totals = (data.refusals?.totals() ?? []).map { Total(code: $0.code, sender: $0.claimedSender, count: $0.count) }
        let rows = try data.database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT recorded_at_ms, actor, details FROM audit_log WHERE kind = ? ORDER BY sequence DESC LIMIT 5000",
                             arguments: [AuditKind.accessDenied.rawValue])
        }
        var counts: [String: Hour] = [:]
        for row in rows {
            let details = (try? JSONDecoder().decode([String: String].self, from: Data((row["details"] as String).utf8))) ?? [:]
            let at: Int64 = row["recorded_at_ms"]
            let hour = String(ConsoleFormat.time(at - at % 3_600_000).prefix(16))
            let code = details["reason"] ?? "unknown"
            let sender = details["claimed-sender"] ?? (row["actor"] as String)
            let key = "\(hour)|\(code)|\(sender)"
            counts[key, default: Hour(hour: hour, code: code, sender: sender, count: 0)].count += Int(details["count"] ?? "1") ?? 1
        }
        let hours = counts.values.sorted { ($0.hour, $0.code, $0.sender) > ($1.hour, $1.code, $1.sender) }
        return View(totals: totals, hasTotals: !totals.isEmpty, hours: hours, hasHours: !hours.isEmpty)
    }

    static let template = """
        <section aria-labelledby="totals-heading"><h2 id="totals-heading">Refused since start</h2>
        <table id="refusal-totals"><caption>Requests refused before authentication, by code and claimed sender</caption>
        <thead><tr><th scope="col">Code</th><th scope="col">Claimed sender</th><th scope="col">Count</th></tr></thead>
        <tbody>{{#totals}}<tr><td>{{code}}</td><td>{{sender}}</td><td>{{count}}</td></tr>{{/totals}}{{^hasTotals}}<tr><td colspan="3">None.</td></tr>{{/hasTotals}}</tbody></table></section>
        <section aria-labelledby="hours-heading"><h2 id="hours-heading">Refusals over time</h2>
        <table><caption>Refusals recorded in the audit log, per hour</caption>
        <thead><tr><th scope="col">Hour (UTC)</th><th scope="col">Code</th><th scope="col">Claimed sender</th><th scope="col">Count</th></tr></thead>
        <tbody>{{#hours}}<tr><td>{{hour}}</td><td>{{code}}</td><td>{{sender}}</td><td>{{count}}</td></tr>{{/hours}}{{^hasHours}}<tr><td colspan="4">None recorded yet (summaries are written every minute).</td></tr>{{/hasHours}}</tbody></table></section>
        """
}
