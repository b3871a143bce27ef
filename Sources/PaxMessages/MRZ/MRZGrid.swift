/// MRZ text as a grid of cells (see `MRZCell`), every line exactly the format's length.
struct MRZGrid<Cell: MRZCell>: Sendable {
    var lines: [[Cell]]

    init(checkedLines: [[Cell]]) { lines = checkedLines }

    subscript(span: MRZSpan) -> ArraySlice<Cell> { lines[span.line][span.range] }

    func character(_ span: MRZSpan) -> Cell { lines[span.line][span.start] }

    /// The text of `span`.
    func text(_ span: MRZSpan) -> String { Cell.text(self[span]) }

    /// The cells of `spans`, concatenated (the composite check digit's input).
    func joined(_ spans: [MRZSpan]) -> [Cell] { spans.flatMap { Array(self[$0]) } }
}
