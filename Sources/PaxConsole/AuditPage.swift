import Foundation
import GRDB
import PaxServer

/// Audit: the chain head, a verify action, the latest records (kind, actor, message id and
/// time: never names, which audit records do not hold) and the retention runs.
struct AuditPage {
    struct Record: Sendable { var sequence: Int64; var time: String; var kind: String; var actor: String; var messageId: String }
    struct Retention: Sendable { var time: String; var masked: String; var cutoff: String }
    struct View: Sendable {
        var headSequence: String
        var headHash: String
        var records: [Record]
        var retention: [Retention]
        var hasRetention: Bool
        var verification: String
        var verified: Bool
        var intact: Bool
        var csrf: String
    }

    static func view(_ data: ConsoleData, csrf: String, verification: AuditVerification?) async throws -> View {
        let log = AuditLog(database: data.database)
        let head = try await log.head()
        let (latest, runs) = try data.database.pool.read { db in
            (try Row.fetchAll(db, sql: "SELECT sequence, recorded_at_ms, kind, actor, message_id FROM audit_log ORDER BY sequence DESC LIMIT 50"),
             try Row.fetchAll(db, sql: "SELECT recorded_at_ms, details FROM audit_log WHERE kind = ? ORDER BY sequence DESC LIMIT 20",
                              arguments: [AuditKind.retentionMask.rawValue]))
        }
        return View(
            headSequence: head.map { String($0.sequence) } ?? "empty", headHash: head?.hash ?? "—",
            records: latest.map {
                Record(sequence: $0["sequence"], time: ConsoleFormat.time($0["recorded_at_ms"]), kind: $0["kind"], actor: $0["actor"],
                       messageId: $0["message_id"] ?? "")
            },
            retention: runs.map { row in
                let details = (try? JSONDecoder().decode([String: String].self, from: Data((row["details"] as String).utf8))) ?? [:]
                return Retention(time: ConsoleFormat.time(row["recorded_at_ms"]),
                                 masked: "\(details["masked_rows"] ?? "0") traveller records, \(details["masked_manifests"] ?? "0") manifests, \(details["masked_frames"] ?? "0") frames",
                                 cutoff: details["cutoff"] ?? "")
            },
            hasRetention: !runs.isEmpty, verification: verification?.description ?? "", verified: verification != nil,
            intact: verification?.isIntact ?? false, csrf: csrf)
    }

    static let template = """
        <section aria-labelledby="head-heading"><h2 id="head-heading">Chain head</h2>
        <dl class="facts"><div><dt>Last sequence</dt><dd id="head-sequence">{{headSequence}}</dd></div><div><dt>Hash</dt><dd><code>{{headHash}}</code></dd></div></dl>
        <form method="post" action="/audit/verify"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="verify">Verify the whole chain</button></form>
        {{#verified}}<p id="verification" role="status">{{#intact}}Intact: {{/intact}}{{^intact}}BROKEN: {{/intact}}{{verification}}</p>{{/verified}}</section>
        <section aria-labelledby="latest-heading"><h2 id="latest-heading">Latest records</h2>
        <table><caption>The 50 latest audit records</caption><thead><tr><th scope="col">Sequence</th><th scope="col">Recorded</th><th scope="col">Kind</th>
        <th scope="col">Actor</th><th scope="col">Message id</th></tr></thead>
        <tbody>{{#records}}<tr><td>{{sequence}}</td><td>{{time}}</td><td>{{kind}}</td><td>{{actor}}</td><td><code>{{messageId}}</code></td></tr>{{/records}}</tbody></table></section>
        <section aria-labelledby="retention-heading"><h2 id="retention-heading">Retention runs</h2>
        {{^hasRetention}}<p>No retention run recorded yet.</p>{{/hasRetention}}
        {{#hasRetention}}<table><caption>Retention runs, latest first</caption><thead><tr><th scope="col">Run</th><th scope="col">Masked</th><th scope="col">Cut-off</th></tr></thead>
        <tbody>{{#retention}}<tr><td>{{time}}</td><td>{{masked}}</td><td>{{cutoff}}</td></tr>{{/retention}}</tbody></table>{{/hasRetention}}</section>
        """
}
