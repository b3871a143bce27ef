/// `PAX-ASSIST-RESULT`: the result agrees with what the response carries: a DenialReason
/// exactly when the result is Denied, Records exactly when it is Found.
enum AssistanceResponseRule {
    static let rule = BusinessRule(
        id: "PAX-ASSIST-RESULT", severity: .error, messageType: AssistanceResponse.rootElementName,
        summary: "an assistance response has a DenialReason if and only if Denied, Records if and only if Found")

    static let rootPath = "/" + AssistanceResponse.rootElementName

    static let check = RuleCheck<AssistanceResponse>(rule: rule) { response, _, findings in
        let result = response.result.rawValue
        let subject = "response to \(response.requestMessageId)"
        if response.result == .denied, response.denialReason == nil {
            findings.report("\(subject) is Denied but gives no DenialReason", at: rootPath + "/Result")
        }
        if response.result != .denied, response.denialReason != nil {
            findings.report("\(subject) is \(result) but gives a DenialReason (only a Denied response has one)",
                            at: rootPath + "/DenialReason")
        }
        if response.result == .found, response.records.isEmpty {
            findings.report("\(subject) is Found but carries no Records", at: rootPath + "/Result")
        }
        if response.result != .found, !response.records.isEmpty {
            findings.report("\(subject) is \(result) but carries \(response.records.count) record\(response.records.count == 1 ? "" : "s") (only a Found response has Records)",
                            at: rootPath + "/Records")
        }
    }
}
