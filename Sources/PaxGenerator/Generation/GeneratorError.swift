/// Why the generator cannot do what was asked; each case names the offending value.
public enum GeneratorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An airport code that is not in the embedded list (`--from`, `--to`).
    case unknownAirport(String)
    /// A carrier code that is not in the embedded list.
    case unknownCarrier(String)
    /// Departure and arrival are the same airport.
    case sameAirport(String)
    /// A date outside the years the generator supports.
    case dateOutOfRange(String)
    /// A number of travellers, flights or entries out of bounds.
    case countOutOfRange(String)
    /// A schedule that cannot be written (should not happen with embedded data).
    case unschedulable(String)

    public var description: String {
        switch self {
        case .unknownAirport(let code):
            "unknown airport '\(code)': give the IATA code of an embedded airport (\(Airports.all.map(\.code).sorted().joined(separator: " ")))"
        case .unknownCarrier(let code):
            "unknown carrier '\(code)': give the IATA code of an embedded airline (\(Carriers.all.map(\.code).sorted().joined(separator: " ")))"
        case .sameAirport(let code): "departure and arrival are both '\(code)'"
        case .dateOutOfRange(let text): "date '\(text)' is outside the supported years \(Generator.supportedYears.lowerBound)-\(Generator.supportedYears.upperBound)"
        case .countOutOfRange(let text): text
        case .unschedulable(let text): "cannot schedule \(text)"
        }
    }
}
