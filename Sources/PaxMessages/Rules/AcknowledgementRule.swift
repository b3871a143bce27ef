/// `PAX-ACK-ERRORS`: the status agrees with the errors reported: a rejection lists at least
/// one error, an acceptance lists no error of severity Error (warnings are fine).
enum AcknowledgementRule {
    static let rule = BusinessRule(
        id: "PAX-ACK-ERRORS", severity: .error, messageType: Acknowledgement.rootElementName,
        summary: "a Rejected acknowledgement lists Errors; an Accepted one lists no error of severity Error")

    static let rootPath = "/" + Acknowledgement.rootElementName

    static let check = RuleCheck<Acknowledgement>(rule: rule) { acknowledgement, _, findings in
        let errors = acknowledgement.errors
        switch acknowledgement.status {
        case .rejected where errors.isEmpty:
            findings.report("acknowledgement of \(acknowledgement.referencedMessageId) is Rejected but lists no Errors saying why",
                            at: rootPath + "/Status")
        case .accepted:
            let fatal = errors.indices.filter { errors[$0].severity == .error }
            guard let first = fatal.first else { return }
            findings.report("acknowledgement of \(acknowledgement.referencedMessageId) is Accepted but lists \(fatal.count) error\(fatal.count == 1 ? "" : "s") of severity Error (first: \(errors[first].code))",
                            at: rootPath + "/Errors/" + RulePath.step("Error", first, of: errors.count) + "/Severity")
        default:
            return
        }
    }
}
