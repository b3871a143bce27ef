import PaxServer
import Synchronization

/// Every console page that shows traveller data writes a `traveller-data-access` audit record
/// before the page is sent, as the archive does for its reads: who (the operator), what
/// (message id, traveller references), why (the page). Never names.
///
/// Records of page views that arrive together are appended in one transaction (one `fsync`
/// for the group instead of one per page view): while a group is being written, the next
/// views wait and go in the following group. Each view still returns only once its record is
/// durable, and a failed group fails every view in it (none of them is shown).
final class ConsoleAccessAudit: Sendable {
    private struct Waiting {
        var event: AuditEvent
        var continuation: CheckedContinuation<Void, any Error>
    }
    private struct State {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let log: AuditLog
    private let state = Mutex(State())

    init(database: AgencyDatabase) {
        log = AuditLog(database: database)
    }

    func record(page: String, operatorName: String, messageId: String?, travellerRefs: [String]) async throws {
        guard !travellerRefs.isEmpty else { return }
        let event = AuditEvent(
            kind: .travellerDataAccess, actor: "operator:\(operatorName)", messageId: messageId,
            details: ["purpose": "console \(page) page", "page": page, "records": String(travellerRefs.count),
                      "traveller_refs": travellerRefs.joined(separator: ",")])
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startWriter = state.withLock { state -> Bool in
                state.waiting.append(Waiting(event: event, continuation: continuation))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if startWriter { Task { await self.writeGroups() } }
        }
    }

    /// Writes the waiting records, group after group, until none is left.
    private func writeGroups() async {
        while true {
            let group = state.withLock { state -> [Waiting] in
                let group = state.waiting
                state.waiting = []
                if group.isEmpty { state.writing = false }
                return group
            }
            if group.isEmpty { return }
            do {
                try await log.database.pool.write { db in
                    for waiting in group { try self.log.append(waiting.event, in: db) }
                }
                for waiting in group { waiting.continuation.resume() }
            } catch {
                for waiting in group { waiting.continuation.resume(throwing: error) }
            }
        }
    }
}
