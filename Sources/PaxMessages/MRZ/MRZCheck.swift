/// The outcome of one check digit: which, where, what it should be and what is written.
public struct MRZCheck: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// The check digits of Doc 9303 (`personalNumber` is TD3's only).
    public enum Name: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
        case documentNumber
        case dateOfBirth
        case dateOfExpiry
        case personalNumber
        case composite
    }

    public var name: Name
    /// Where the check digit sits, 1-based.
    public var line: Int
    public var position: Int
    /// The correct check digit; nil when the data it covers has characters outside the
    /// alphabet (reported separately as `MRZProblem.invalidCharacter`).
    public var expected: String?
    /// The character written at the check digit's position.
    public var found: String

    public init(name: Name, line: Int, position: Int, expected: String?, found: String) {
        self.name = name
        self.line = line
        self.position = position
        self.expected = expected
        self.found = found
    }

    public var passed: Bool { expected == found }

    public var description: String {
        let place = "line \(line) position \(position)"
        if passed { return "\(name.rawValue): ok (\(found), \(place))" }
        return "\(name.rawValue): FAILED (expected \(expected ?? "none: invalid characters"), found \(found), \(place))"
    }
}
