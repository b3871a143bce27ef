/// A value written as the text of an element or attribute: parsed from the whitespace-
/// collapsed text, written in canonical form.
protocol XMLTextValue {
    init?(xmlText: String)
    var xmlText: String { get }
    /// What a valid value looks like, for error messages.
    static var expectedForm: String { get }
}

extension String: XMLTextValue {
    init?(xmlText: String) { self = xmlText }
    var xmlText: String { self }
    static var expectedForm: String { "text" }
}

extension Bool: XMLTextValue {
    /// `xs:boolean`: `true`, `false`, `1` or `0`; written `true` or `false`.
    init?(xmlText: String) {
        switch xmlText {
        case "true", "1": self = true
        case "false", "0": self = false
        default: return nil
        }
    }

    var xmlText: String { self ? "true" : "false" }
    static var expectedForm: String { "true, false, 1 or 0" }
}

extension CalendarDate: XMLTextValue {
    init?(xmlText: String) { self.init(xmlText) }
    var xmlText: String { description }
    static var expectedForm: String { "an existing date YYYY-MM-DD" }
}

extension Timestamp: XMLTextValue {
    init?(xmlText: String) { self.init(xmlText) }
    var xmlText: String { description }
    static var expectedForm: String { "a date and time YYYY-MM-DDThh:mm:ss[.fff] with Z or a ±hh:mm offset" }
}

extension UnitScore: XMLTextValue {
    init?(xmlText: String) { self.init(xmlText) }
    var xmlText: String { description }
    static var expectedForm: String { "a decimal from 0 to 1 with at most 4 fraction digits" }
}

extension CountryCode: XMLTextValue {
    init?(xmlText: String) { self.init(rawValue: xmlText) }
    var xmlText: String { rawValue }
    static var expectedForm: String { "a country code" }
}

extension SchemaVersion: XMLTextValue {
    init?(xmlText: String) { self.init(rawValue: xmlText) }
    var xmlText: String { rawValue }
    static var expectedForm: String { "a v1 schema version such as 1.0" }
}

/// A schema enumeration modelled as a Swift enum whose raw values are the schema's codes.
protocol XMLCodeList: XMLTextValue, RawRepresentable, CaseIterable where RawValue == String {}

extension XMLCodeList {
    init?(xmlText: String) { self.init(rawValue: xmlText) }
    var xmlText: String { rawValue }
    static var expectedForm: String { "one of " + allCases.map(\.rawValue).joined(separator: ", ") }
}

extension MessageFunction: XMLCodeList {}
extension ListType: XMLCodeList {}
extension TravelerKind: XMLCodeList {}
extension Gender: XMLCodeList {}
extension DocumentType: XMLCodeList {}
extension Acknowledgement.Status: XMLCodeList {}
extension ProcessingError.Severity: XMLCodeList {}
extension TravelerAssessment.Outcome: XMLCodeList {}
extension AssessmentReason.Kind: XMLCodeList {}
extension AssistanceResponse.Result: XMLCodeList {}
extension Signature.Algorithm: XMLCodeList {}
