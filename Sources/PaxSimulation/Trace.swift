import Crypto
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
            case .text(let s): line += Self.quoted(s)
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

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

enum TraceValue {
    case int(Int64)
    case text(String)
}
