import SafeXML

/// The diagnostics one rule reports on one message: each with the rule's id and severity,
/// a message saying what is wrong and where in words, and the element path.
struct RuleFindings {
    let rule: BusinessRule
    private(set) var diagnostics: [Diagnostic] = []

    init(rule: BusinessRule) { self.rule = rule }

    /// Reports `message` about the element at `path` (line resolved later, if at all).
    mutating func report(_ message: String, at path: String) {
        diagnostics.append(Diagnostic(severity: rule.severity, line: 0, column: 0, path: path,
                                      code: rule.id, message: message, origin: .rule))
    }
}

/// One rule bound to the code that checks it on messages of type `Message`.
struct RuleCheck<Message>: Sendable {
    let rule: BusinessRule
    let run: @Sendable (Message, RuleContext, inout RuleFindings) -> Void

    func check(_ message: Message, context: RuleContext) -> [Diagnostic] {
        var findings = RuleFindings(rule: rule)
        run(message, context, &findings)
        return findings.diagnostics
    }
}
