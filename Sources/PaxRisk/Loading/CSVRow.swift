import Foundation
import PaxMessages

/// One data row of a watch-list CSV file, turned into an entry (see `WatchListCSV` for the
/// columns). Checks the row's own syntax; the schema checks come after.
struct CSVRow {
    struct Problem: Error {
        var message: String
    }

    var fields: [String]
    var position: [String: Int]

    func value(_ column: String) -> String? {
        guard let index = position[column], index < fields.count else { return nil }
        // Whitespace collapses as in the XML schema's types, so both formats hold the same text.
        let text = fields[index].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .joined(separator: " ")
        return text.isEmpty ? nil : text
    }

    func required(_ column: String) throws(Problem) -> String {
        guard let text = value(column) else { throw Problem(message: "\(column) is empty") }
        return text
    }

    func entry() throws(Problem) -> WatchListEntry {
        let id = try required("id")
        let categoryText = try required("category")
        guard let category = WatchListCategory.allCases.first(where: { $0.rawValue.lowercased() == categoryText.lowercased() }) else {
            throw Problem(message: "category '\(categoryText)' is not one of \(WatchListCategory.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let actionText = try required("action")
        guard let action = WatchListAction.allCases.first(where: { $0.rawValue.lowercased() == actionText.lowercased() }) else {
            throw Problem(message: "action '\(actionText)' is not one of \(WatchListAction.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var names = [WatchListName(surname: try required("surname"), givenNames: value("given_names"))]
        for alias in (value("aliases") ?? "").split(separator: "|") {
            let parts = alias.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            let surname = String(parts[0]).trimmingWhitespace()
            guard !surname.isEmpty else { throw Problem(message: "alias '\(alias)' has no surname (write SURNAME/GIVEN NAMES)") }
            let given = parts.count > 1 ? String(parts[1]).trimmingWhitespace() : ""
            names.append(WatchListName(surname: surname, givenNames: given.isEmpty ? nil : given))
        }
        return WatchListEntry(id: id, category: category, action: action, names: names,
                              birthDate: try birthDate(), nationalities: nationalities(),
                              documents: try documents(), remarks: value("remarks"))
    }

    private func birthDate() throws(Problem) -> WatchListBirthDate? {
        guard let text = value("birth_date") else { return nil }
        let expected = "expected YYYY-MM-DD, YYYY or YYYY-MM-DD..YYYY-MM-DD"
        if let range = text.range(of: "..") {
            guard let from = CalendarDate(String(text[..<range.lowerBound])),
                  let to = CalendarDate(String(text[range.upperBound...])) else {
                throw Problem(message: "birth_date '\(text)' is not a range of existing dates: \(expected)")
            }
            guard from <= to else { throw Problem(message: "birth_date range '\(text)' ends before it starts") }
            return .range(from, to)
        }
        if text.utf8.count == 4, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let year = Int(text), year >= 1 {
            return .year(year)
        }
        guard let date = CalendarDate(text) else { throw Problem(message: "birth_date '\(text)' is not a date: \(expected)") }
        return .exact(date)
    }

    private func nationalities() -> [CountryCode] {
        (value("nationalities") ?? "").split(separator: ";").map { CountryCode(String($0).trimmingWhitespace()) }
    }

    private func documents() throws(Problem) -> [WatchListDocument] {
        var documents: [WatchListDocument] = []
        for item in (value("documents") ?? "").split(separator: ";") {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
            switch parts.count {
            case 1:
                documents.append(WatchListDocument(number: parts[0]))
            case 3:
                var type: DocumentType?
                if !parts[0].isEmpty {
                    guard let known = DocumentType(rawValue: parts[0]) else {
                        throw Problem(message: "document type '\(parts[0])' is not one of \(DocumentType.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    type = known
                }
                documents.append(WatchListDocument(type: type, number: parts[1],
                                                   issuingState: parts[2].isEmpty ? nil : CountryCode(parts[2])))
            default:
                throw Problem(message: "document '\(item)' is neither NUMBER nor TYPE:NUMBER:STATE")
            }
        }
        return documents
    }

    /// A libxml2 schema message without the namespace noise, for a CSV user who never saw
    /// the XML: `Element '{urn:paxsim:api:v1}Number': ...` becomes `Number: ...`.
    static func plain(_ message: String) -> String {
        var text = message.replacingOccurrences(of: "{urn:paxsim:api:v1}", with: "")
        if text.hasPrefix("Element '"), let close = text.dropFirst(9).firstIndex(of: "'") {
            let name = text[text.index(text.startIndex, offsetBy: 9)..<close]
            text = String(name) + String(text[text.index(after: close)...])
        }
        return text
    }
}
