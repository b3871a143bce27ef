/// The first reading of MRZ text: which format its shape says, and whether every line has
/// the right length and only MRZ characters. Parser and verifier both start here.
enum MRZStructure {
    struct Reading {
        var format: MRZFormat?
        /// Present when the line count and every length are right (characters may be bad).
        var grid: MRZGrid?
        var problems: [MRZProblem]
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
        let characters = lines.map { Array($0) }
        if format.lineCount == 2, characters.allSatisfy({ $0.count == 36 }) {
            return Reading(format: nil, grid: nil, problems: [.unsupportedLayout(name: "TD2 or MRV-B (2 x 36)")])
        }
        var problems: [MRZProblem] = []
        for (index, line) in characters.enumerated() where line.count != format.lineLength {
            problems.append(.lineLength(line: index + 1, expected: format.lineLength, found: line.count))
        }
        guard problems.isEmpty else { return Reading(format: format, grid: nil, problems: problems) }
        for (index, line) in characters.enumerated() {
            for (offset, character) in line.enumerated() where !MRZAlphabet.isAllowed(character) {
                problems.append(.invalidCharacter(line: index + 1, position: offset + 1, character: String(character)))
            }
        }
        return Reading(format: format, grid: MRZGrid(checkedLines: characters), problems: problems)
    }
}
