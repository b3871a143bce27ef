public import SafeXML

/// The business rules `paxsim validate` runs after the XSD schema on v1 messages.
///
/// Rules are pure functions of the decoded message and a `RuleContext`: the same message
/// always gives the same diagnostics (code = rule id, origin `.rule`, a message that says
/// what is wrong and where, the element path). Checked from a model the diagnostics have
/// line 0; checked from a document their lines are resolved from the paths.
public enum BusinessRules {
    static let manifestChecks: [RuleCheck<ManifestReview>] = [
        MRZRules.formatCheck,
        MRZRules.checkDigitCheck,
        MRZFieldsRule.check,
        BirthDateRule.check,
        DocumentExpiryRules.expiredCheck,
        DocumentExpiryRules.expiringCheck,
        LegRules.timesCheck,
        LegRules.sequenceCheck,
        LegRules.chainCheck,
        TravelerRouteRule.check,
        TotalsRule.check,
        UniquenessRules.travelerReferenceCheck,
        UniquenessRules.documentCheck,
        TravelerKindRule.check,
        MessageFunctionRules.referenceCheck,
        MessageFunctionRules.extraReferenceCheck,
        BaggageRule.check,
    ]

    /// Every rule, grouped by message type, in the order they run (for documentation and help).
    public static let all: [BusinessRule] = manifestChecks.map(\.rule)
        + [AcknowledgementRule.rule, AssistanceResponseRule.rule, EnvelopeRule.rule]

    /// The rule with this id, if there is one.
    public static func rule(id: String) -> BusinessRule? { all.first { $0.id == id } }

    // MARK: Models

    /// Checks a manifest; lines are 0 (no document).
    public static func check(_ manifest: TravelerManifest, context: RuleContext = RuleContext()) -> [Diagnostic] {
        let review = ManifestReview(manifest)
        return manifestChecks.flatMap { $0.check(review, context: context) }
    }

    /// Checks an acknowledgement; lines are 0 (no document).
    public static func check(_ acknowledgement: Acknowledgement, context: RuleContext = RuleContext()) -> [Diagnostic] {
        AcknowledgementRule.check.check(acknowledgement, context: context)
    }

    /// Checks an assistance response; lines are 0 (no document).
    public static func check(_ response: AssistanceResponse, context: RuleContext = RuleContext()) -> [Diagnostic] {
        AssistanceResponseRule.check.check(response, context: context)
    }

    /// Checks an envelope and, recursively, its payload (paths under `/Envelope/Payload`).
    public static func check(_ envelope: Envelope, context: RuleContext = RuleContext()) -> [Diagnostic] {
        let payloadPath = EnvelopeRule.rootPath + "/Payload"
        return EnvelopeRule.check.check(envelope, context: context)
            + check(envelope.payload, context: context).map { diagnostic in
                var nested = diagnostic
                if !nested.path.isEmpty { nested.path = payloadPath + nested.path }
                return nested
            }
    }

    /// Checks any v1 message (risk assessments and assistance requests have no rules).
    public static func check(_ message: PaxMessage, context: RuleContext = RuleContext()) -> [Diagnostic] {
        switch message {
        case .manifest(let manifest): check(manifest, context: context)
        case .acknowledgement(let acknowledgement): check(acknowledgement, context: context)
        case .assistanceResponse(let response): check(response, context: context)
        case .envelope(let envelope): check(envelope, context: context)
        case .riskAssessment, .assistanceRequest: []
        }
    }

    // MARK: Documents

    /// Decodes the message at `root` and checks it, with lines resolved from the paths and
    /// diagnostics in line order. A message the model cannot decode gives its decoding
    /// error instead (code `PAX-DECODE`).
    public static func check(root: XMLElement, context: RuleContext = RuleContext()) -> [Diagnostic] {
        let message: PaxMessage
        do {
            message = try PaxMessage.decode(root)
        } catch {
            return error.diagnostics
        }
        var locator = SourceLocator(root: root)
        let located = locator.locate(check(message, context: context))
        // Stable by line: rules in table order within a line.
        return located.enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
    }

    /// Checks a parsed document (see `check(root:context:)`); nothing for an empty one.
    public static func check(document: XMLDocument, context: RuleContext = RuleContext()) -> [Diagnostic] {
        guard let root = document.root else { return [] }
        return check(root: root, context: context)
    }
}
