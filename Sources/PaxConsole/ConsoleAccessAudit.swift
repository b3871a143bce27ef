import PaxServer

/// Every console page that shows traveller data writes a `traveller-data-access` audit record
/// before the page is sent, as the archive does for its reads: who (the operator), what
/// (message id, traveller references), why (the page). Never names.
enum ConsoleAccessAudit {
    static func record(page: String, operatorName: String, messageId: String?, travellerRefs: [String],
                       database: AgencyDatabase) async throws {
        guard !travellerRefs.isEmpty else { return }
        try await AuditLog(database: database).append(AuditEvent(
            kind: .travellerDataAccess, actor: "operator:\(operatorName)", messageId: messageId,
            details: ["purpose": "console \(page) page", "page": page, "records": String(travellerRefs.count),
                      "traveller_refs": travellerRefs.joined(separator: ",")]))
    }
}
