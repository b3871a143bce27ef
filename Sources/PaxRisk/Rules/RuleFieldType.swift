/// The kind of value a rule field holds, which decides the operators and operands a rule may
/// use with it.
enum RuleFieldType: Sendable, Hashable {
    case bool
    case int
    /// Free text (compared exactly).
    case text
    /// A code from a fixed list (traveller kind, gender, document type).
    case code([String])
    /// An ISO 3166-1 alpha-3 or ICAO code.
    case country
    /// An IATA airport code.
    case airport
    /// Several airports (a flight's route).
    case airports

    var name: String {
        switch self {
        case .bool: "true or false"
        case .int: "an integer"
        case .text: "text"
        case .code(let codes): "one of " + codes.joined(separator: ", ")
        case .country: "a three-letter country code"
        case .airport: "a three-letter airport code"
        case .airports: "a list of airport codes"
        }
    }

    /// Whether `text` is a valid operand for a field of this type.
    func accepts(_ text: String) -> Bool {
        switch self {
        case .bool: text == "true" || text == "false"
        case .int: Int(text) != nil
        case .text: true
        case .code(let codes): codes.contains(text)
        case .country, .airport, .airports: text.utf8.count == 3 && text.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
        }
    }

    /// What an operand of this type must look like, for error messages.
    var operandForm: String {
        switch self {
        case .airports: "a three-letter airport code"
        default: name
        }
    }
}
