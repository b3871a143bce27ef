import Foundation
import GRDB
import PaxServer

/// What an analyst decided about a flagged traveller.
enum HitVerdict: String, Sendable, CaseIterable {
    case trueMatch = "true-match"
    case falsePositive = "false-positive"

    var label: String {
        switch self {
        case .trueMatch: "True match"
        case .falsePositive: "False positive"
        }
    }
}

/// A recorded review.
struct HitReview: Sendable, Equatable {
    var verdict: HitVerdict
    var note: String
    var reviewer: String
    var reviewedAt: Int64
}

/// The console's table of hit reviews (`console_hit_review`, in the agency's database; its
/// migration is the agency database's `v7-console-hit-reviews`), each
/// written in one transaction with its `hit-review` audit record (operator, message id,
/// traveller reference, verdict; the note's length, not its text, since notes may name people).
enum HitReviews {
    static let auditKind = AuditKind(rawValue: "hit-review")

    static func record(_ review: HitReview, submitter: String, messageId: String, travellerRef: String,
                       database: AgencyDatabase) async throws {
        try await database.pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO console_hit_review
                        (submitter, message_id, traveller_ref, verdict, note, reviewer, reviewed_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [submitter, messageId, travellerRef, review.verdict.rawValue, review.note, review.reviewer,
                            review.reviewedAt])
            try AuditLog(database: database).append(AuditEvent(
                kind: auditKind, actor: "operator:\(review.reviewer)", messageId: messageId, travellerRef: travellerRef,
                details: ["verdict": review.verdict.rawValue, "submitter": submitter, "note_chars": String(review.note.count)]),
                in: db)
        }
    }

    /// Reviews of the given (submitter, message id, reference) triples.
    static func reviews(_ keys: [(submitter: String, messageId: String, ref: String)],
                        database: AgencyDatabase) throws -> [String: HitReview] {
        try database.pool.read { db in
            var found: [String: HitReview] = [:]
            for key in keys {
                guard let row = try Row.fetchOne(
                    db, sql: """
                        SELECT verdict, note, reviewer, reviewed_at_ms FROM console_hit_review
                        WHERE submitter = ? AND message_id = ? AND traveller_ref = ?
                        """, arguments: [key.submitter, key.messageId, key.ref]),
                      let verdict = HitVerdict(rawValue: row["verdict"] ?? "") else { continue }
                found[reviewKey(key.submitter, key.messageId, key.ref)] = HitReview(
                    verdict: verdict, note: row["note"] ?? "", reviewer: row["reviewer"] ?? "", reviewedAt: row["reviewed_at_ms"] ?? 0)
            }
            return found
        }
    }

    static func reviewKey(_ submitter: String, _ messageId: String, _ ref: String) -> String {
        "\(submitter)\u{1F}\(messageId)\u{1F}\(ref)"
    }
}
