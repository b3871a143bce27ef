/// Splitting pasted or scanned MRZ text into lines.
enum MRZText {
    /// Non-blank lines of `text`, each without leading or trailing spaces, tabs or `\r`.
    static func lines(of text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let characters = Array(line)
            let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
            guard let first = characters.firstIndex(where: { !isBlank($0) }),
                  let last = characters.lastIndex(where: { !isBlank($0) }) else { return nil }
            return String(characters[first...last])
        }
    }
}
