import PaxMessages
import SafeXML

/// Watch lists as CSV, for lists kept in spreadsheets.
///
/// The first record is a header naming the columns (any order, case-insensitive):
///
/// | column          | required | content |
/// |-----------------|----------|---------|
/// | `id`            | yes      | entry id, 1-40 of `A-Z a-z 0-9 . _ : -`, unique |
/// | `category`      | yes      | `Terrorism`, `Sanctions`, `Wanted`, `LostStolenDocument`, `Immigration`, `Customs` |
/// | `action`        | yes      | `Inspect` or `NoBoard` |
/// | `surname`       | yes      | primary surname, any script |
/// | `given_names`   | no       | primary given names |
/// | `aliases`       | no       | other names separated by `\|`, each `SURNAME/GIVEN NAMES` or `SURNAME` |
/// | `birth_date`    | no       | `YYYY-MM-DD`, `YYYY` (year only) or `YYYY-MM-DD..YYYY-MM-DD` (range) |
/// | `nationalities` | no       | up to 5 country codes separated by `;` |
/// | `documents`     | no       | up to 10 separated by `;`, each `NUMBER` or `TYPE:NUMBER:STATE` (type and state may be empty) |
/// | `remarks`       | no       | free text |
///
/// The list id is the file name without directory and extension. After the rows are read,
/// the entries are checked against the same schema as XML lists, so both formats accept
/// exactly the same data; problems name the row's line.
public enum WatchListCSV {
    static let columns = ["id", "category", "action", "surname", "given_names", "aliases", "birth_date",
                          "nationalities", "documents", "remarks"]
    static let requiredColumns: Set<String> = ["id", "category", "action", "surname"]

    static func load(bytes: [UInt8], file: String, lenient: Bool) throws(SourceLoadError) -> LoadedWatchList {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(bytes)
        } catch {
            throw SourceLoadError(problems: [SourceProblem(file: file, line: error.line, message: error.message)])
        }
        guard let header = records.first else {
            throw SourceLoadError(problems: [SourceProblem(file: file, line: 0, message: "the file is empty: expected a header row naming the columns")])
        }
        var position: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let column = name.trimmingWhitespace().lowercased()
            guard columns.contains(column) else {
                throw SourceLoadError(problems: [SourceProblem(file: file, line: header.line,
                    message: "unknown column '\(column)' (expected \(columns.joined(separator: ", ")))")])
            }
            guard position[column] == nil else {
                throw SourceLoadError(problems: [SourceProblem(file: file, line: header.line, message: "column '\(column)' appears twice")])
            }
            position[column] = index
        }
        let missing = requiredColumns.subtracting(position.keys).sorted()
        guard missing.isEmpty else {
            throw SourceLoadError(problems: [SourceProblem(file: file, line: header.line,
                message: "missing required column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))")])
        }

        var problems: [SourceProblem] = []
        var entries: [WatchListEntry] = []
        var lines: [Int] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            guard record.fields.count <= header.fields.count else {
                problems.append(SourceProblem(file: file, line: record.line,
                    message: "\(record.fields.count) fields where the header has \(header.fields.count)"))
                continue
            }
            let row = CSVRow(fields: record.fields, position: position)
            do throws(CSVRow.Problem) {
                let entry = try row.entry()
                if let first = seen[entry.id] {
                    throw CSVRow.Problem(message: "id '\(entry.id)' is already used on line \(first)")
                }
                seen[entry.id] = record.line
                entries.append(entry)
                lines.append(record.line)
            } catch {
                problems.append(SourceProblem(file: file, line: record.line, message: error.message))
            }
        }

        // The schema's checks (patterns, lengths, code lists) on the rows that parsed.
        let listId = Self.listId(from: file)
        let (schemaProblems, badEntries) = schemaCheck(entries, lines: lines, listId: listId, file: file)
        problems += schemaProblems
        problems.sort { $0.line < $1.line }
        if !problems.isEmpty && !lenient { throw SourceLoadError(problems: problems) }
        let good = entries.enumerated().filter { !badEntries.contains($0.offset) }.map(\.element)
        return LoadedWatchList(watchList: WatchList(listId: listId, entries: good),
                               skipped: problems.map { SourceProblem(file: $0.file, line: $0.line, message: "row skipped: " + $0.message) })
    }

    /// Validates the entries as a `WatchList` document and maps each error back to its row.
    private static func schemaCheck(_ entries: [WatchListEntry], lines: [Int], listId: String,
                                    file: String) -> (problems: [SourceProblem], bad: Set<Int>) {
        let list = WatchList(listId: listId, entries: entries)
        let bytes: [UInt8]
        let schema: XMLSchema
        do {
            bytes = try list.xml()
            schema = try WatchList.schema
        } catch {
            // Text XML cannot carry (control characters): find the rows one by one.
            var problems: [SourceProblem] = []
            var bad = Set<Int>()
            for (index, entry) in entries.enumerated() {
                if (try? WatchList(listId: listId, entries: [entry]).xml()) == nil {
                    bad.insert(index)
                    problems.append(SourceProblem(file: file, line: lines[index], message: "contains characters XML cannot carry (control characters)"))
                }
            }
            if bad.isEmpty { problems.append(SourceProblem(file: file, line: 0, message: "cannot check the rows: \(error)")) }
            let rest = entries.enumerated().filter { !bad.contains($0.offset) }
            let (more, moreBad) = schemaCheck(rest.map(\.element), lines: rest.map { lines[$0.offset] },
                                              listId: listId, file: file)
            return (problems + more, bad.union(moreBad.map { rest[$0].offset }))
        }
        guard let document = try? XMLDocument.parse(bytes), let root = document.root else { return ([], []) }
        let errors = schema.validateAcceptingFirst(document).filter { $0.severity == .error }
        if errors.isEmpty { return ([], []) }
        let starts = root.children.map(\.line)
        var problems: [SourceProblem] = []
        var bad = Set<Int>()
        for error in errors {
            guard let index = starts.lastIndex(where: { $0 <= error.line }) else {
                problems.append(SourceProblem(file: file, line: 0, message: error.message))
                continue
            }
            bad.insert(index)
            problems.append(SourceProblem(file: file, line: lines[index], message: CSVRow.plain(error.message)))
        }
        return (problems, bad)
    }

    /// The file name without directories and extension, shortened to the 64 characters a list
    /// id may have.
    static func listId(from file: String) -> String {
        var name = Substring(file.split(separator: "/").last ?? "watchlist")
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        let id = String(name.prefix(64)).trimmingWhitespace()
        return id.isEmpty ? "watchlist" : id
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
