/// The six service characters of an interchange (UNA service string advice): component and
/// element separators, decimal mark, release character, repetition separator and segment
/// terminator. Without a UNA the defaults `:+.? '` hold.
public struct ServiceCharacters: Sendable, Hashable {
    public var componentSeparator: UInt8
    public var elementSeparator: UInt8
    public var decimalMark: UInt8
    /// The release (escape) character; nil when the UNA declares none (a space).
    public var releaseCharacter: UInt8?
    /// Reserved in syntax version 4 for repetitions; a space in earlier versions.
    public var repetitionSeparator: UInt8
    public var segmentTerminator: UInt8

    public init(componentSeparator: UInt8, elementSeparator: UInt8, decimalMark: UInt8, releaseCharacter: UInt8?,
                repetitionSeparator: UInt8, segmentTerminator: UInt8) {
        self.componentSeparator = componentSeparator
        self.elementSeparator = elementSeparator
        self.decimalMark = decimalMark
        self.releaseCharacter = releaseCharacter
        self.repetitionSeparator = repetitionSeparator
        self.segmentTerminator = segmentTerminator
    }

    /// `:+.? '`, the separators that hold when an interchange has no UNA.
    public static let standard = ServiceCharacters(
        componentSeparator: UInt8(ascii: ":"), elementSeparator: UInt8(ascii: "+"), decimalMark: UInt8(ascii: "."),
        releaseCharacter: UInt8(ascii: "?"), repetitionSeparator: UInt8(ascii: " "), segmentTerminator: UInt8(ascii: "'"))

    /// Reads the six characters after `UNA`; nil when two separators coincide or one is a
    /// letter, a digit or a line break (such a UNA cannot be lexed unambiguously).
    public init?(una six: some Collection<UInt8>) {
        let bytes = Array(six)
        guard bytes.count == 6 else { return nil }
        let release: UInt8? = bytes[3] == UInt8(ascii: " ") ? nil : bytes[3]
        self.init(componentSeparator: bytes[0], elementSeparator: bytes[1], decimalMark: bytes[2],
                  releaseCharacter: release, repetitionSeparator: bytes[4], segmentTerminator: bytes[5])
        let structural = [componentSeparator, elementSeparator, segmentTerminator] + (release.map { [$0] } ?? [])
        guard Set(structural).count == structural.count,
              structural.allSatisfy({ !Self.isLetterDigitOrBreak($0) }) else { return nil }
    }

    /// The UNA segment that declares these characters: `UNA` and six bytes.
    public var unaSegment: [UInt8] {
        Array("UNA".utf8) + [componentSeparator, elementSeparator, decimalMark, releaseCharacter ?? UInt8(ascii: " "),
                             repetitionSeparator, segmentTerminator]
    }

    /// Whether `byte` has a structural meaning and must be released inside data.
    public func isStructural(_ byte: UInt8) -> Bool {
        byte == componentSeparator || byte == elementSeparator || byte == segmentTerminator || byte == releaseCharacter
    }

    static func isLetterDigitOrBreak(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x0A || byte == 0x0D
    }
}
