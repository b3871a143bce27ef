/// Why a run stopped; the message names the option or file at fault.
public enum GenerationError: Error, Sendable, CustomStringConvertible {
    /// An option value that cannot work (with the option's name in the text).
    case invalidOption(String)
    case generator(GeneratorError)
    case output(OutputError)

    public var description: String {
        switch self {
        case .invalidOption(let text): text
        case .generator(let error): error.description
        case .output(let error): error.description
        }
    }
}
