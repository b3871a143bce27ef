public import SafeXML

/// A business rule's identity as shown to users: a stable id (the diagnostic code), its
/// severity, the message type it checks and what it requires, in one line.
public struct BusinessRule: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Stable id, e.g. `PAX-MRZ-CHECK`; the `code` of every diagnostic the rule reports.
    public let id: String
    public let severity: Diagnostic.Severity
    /// Root element name of the message type checked, e.g. `TravelerManifest`.
    public let messageType: String
    /// What the rule requires, in one line.
    public let summary: String

    public init(id: String, severity: Diagnostic.Severity, messageType: String, summary: String) {
        self.id = id
        self.severity = severity
        self.messageType = messageType
        self.summary = summary
    }

    /// `PAX-MRZ-CHECK (error, TravelerManifest): every MRZ check digit is right`.
    public var description: String { "\(id) (\(severity.rawValue), \(messageType)): \(summary)" }
}
