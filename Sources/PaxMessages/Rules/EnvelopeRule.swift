/// `PAX-ENVELOPE-VERSION`: the envelope's `SchemaVersion` is the version in its payload's
/// `schemaVersion` attribute, exactly as written (every v1 version shares major version 1,
/// so the family check is the exact comparison). The payload's own rules run as well, with
/// paths under `/Envelope/Payload/`; see `BusinessRules.check(_:context:)`.
enum EnvelopeRule {
    static let rule = BusinessRule(
        id: "PAX-ENVELOPE-VERSION", severity: .error, messageType: Envelope.rootElementName,
        summary: "an envelope's SchemaVersion equals its payload's schemaVersion attribute")

    static let rootPath = "/" + Envelope.rootElementName

    static let check = RuleCheck<Envelope>(rule: rule) { envelope, _, findings in
        let payload = envelope.payload
        guard envelope.payloadSchemaVersion != payload.schemaVersion else { return }
        findings.report("envelope \(envelope.header.messageId) declares SchemaVersion \(envelope.payloadSchemaVersion) but its \(payload.rootElementName) payload has schemaVersion \(payload.schemaVersion)",
                        at: rootPath + "/SchemaVersion")
    }
}
