import SafeXML

/// Connects catalogue entries to the business rules that run after the schema.
enum BusinessRuleHook {
    /// The rules for documents whose root is the v1 message `root` (its local name): decode
    /// the document, run that message type's `BusinessRules`, resolve lines. Unknown roots
    /// have no rules.
    static func rules(for root: String) -> @Sendable (XMLDocument) -> [Diagnostic] {
        guard PaxMessage.rootElementNames.contains(root) else { return { _ in [] } }
        return { document in BusinessRules.check(document: document) }
    }
}
