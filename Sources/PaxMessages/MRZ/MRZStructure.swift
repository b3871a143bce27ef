/// The first reading of MRZ text: which format its shape says, and whether every line has
/// the right length and only MRZ characters. Parser and verifier both start here.
enum MRZStructure {
    struct Reading {
        var format: MRZFormat?
        /// Present when the line count and every length are right (characters may be bad).
        var grid: Grid?
        var problems: [MRZProblem]
    }

    /// The grid in the form the text allowed: bytes when every line is MRZ alphabet only
    /// (each byte is then one character), characters otherwise.
    enum Grid {
        case bytes(MRZGrid<UInt8>)
        case characters(MRZGrid<Character>)
    }

    /// The format a line count and first character imply: 3 lines TD1; 2 lines MRV-A when
    /// the first character is `V`, else TD3.
    static func format(of lines: [String]) -> MRZFormat? {
        switch lines.count {
        case 3: return .td1
        case 2: return lines[0].first == "V" ? .mrvA : .td3
        default: return nil
        }
    }

    static func read(_ lines: [String]) -> Reading {
        guard let format = format(of: lines) else {
            return Reading(format: nil, grid: nil, problems: [.lineCount(found: lines.count)])
        }
        if lines.allSatisfy(MRZAlphabet.isAlphabetOnly) {
            return read(lines.map { Array($0.utf8) }, format: format, grid: Grid.bytes)
        }
        return read(lines.map { Array($0) }, format: format, grid: Grid.characters)
    }

    private static func read<Cell: MRZCell>(_ cells: [[Cell]], format: MRZFormat,
                                            grid: (MRZGrid<Cell>) -> Grid) -> Reading {
        if format.lineCount == 2, cells.allSatisfy({ $0.count == 36 }) {
            return Reading(format: nil, grid: nil, problems: [.unsupportedLayout(name: "TD2 or MRV-B (2 x 36)")])
        }
        var problems: [MRZProblem] = []
        for (index, line) in cells.enumerated() where line.count != format.lineLength {
            problems.append(.lineLength(line: index + 1, expected: format.lineLength, found: line.count))
        }
        guard problems.isEmpty else { return Reading(format: format, grid: nil, problems: problems) }
        for (index, line) in cells.enumerated() {
            for (offset, cell) in line.enumerated() where cell.mrzValue == nil {
                problems.append(.invalidCharacter(line: index + 1, position: offset + 1, character: String(cell.character)))
            }
        }
        return Reading(format: format, grid: grid(MRZGrid(checkedLines: cells)), problems: problems)
    }
}
