import Crypto
import PaxBase
import PaxMessages

/// The run's record, one JSON object per line, hashed as it is written: the trace hash is
/// the SHA-256 of the whole JSON-lines text. Lines contain virtual times, ids and counts
/// only (never wall-clock time or dictionary order), so one seed gives one hash.
struct Trace {
    private var hasher = SHA256()
    private(set) var lines: [String] = []
    let keep: Bool
    private(set) var count = 0

    init(keep: Bool) { self.keep = keep }

    /// Appends one event: `time` (virtual ms since the run's start), an event name, fields.
    mutating func record(_ time: Int64, _ event: String, _ fields: [(String, TraceValue)]) {
        var line = "{\"t\":" + String(time) + ",\"n\":" + String(count) + ",\"ev\":\"" + event + "\""
        for (name, value) in fields {
            line += ",\"" + name + "\":"
            switch value {
            case .int(let n): line += String(n)
            case .text(let s): line += JSONString.quoted(s)
            }
        }
        line += "}\n"
        hasher.update(data: Array(line.utf8))
        if keep { lines.append(line) }
        count += 1
    }

    /// Lower-case hex SHA-256 of every line so far.
    func hash() -> String {
        Hex.encode(hasher.finalize())
    }
}

enum TraceValue {
    case int(Int64)
    case text(String)
}
