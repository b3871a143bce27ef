/// The value of a rule field for one traveller; `missing` when the manifest does not carry it.
enum RuleValue: Sendable, Hashable {
    case bool(Bool)
    case int(Int)
    case text(String)
    case list([String])
    case missing
}
