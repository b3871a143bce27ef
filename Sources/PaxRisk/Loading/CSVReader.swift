/// RFC 4180 comma-separated values: fields optionally in double quotes (`""` is a quote inside
/// them, and they may span lines), records ended by LF or CRLF. Each record carries the line it
/// starts on, for error messages. Blank lines are skipped; a UTF-8 byte-order mark is ignored.
struct CSVReader {
    struct Record {
        var line: Int
        var fields: [String]
    }

    struct Failure: Error {
        var line: Int
        var message: String
    }

    static func records(_ bytes: [UInt8]) throws(Failure) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var inQuotes = false
        var quoteLine = 0
        var fieldWasQuoted = false
        var recordHasContent = false

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            if recordHasContent { records.append(Record(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
            recordHasContent = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                endField()
                recordHasContent = true
            case UInt8(ascii: "\""):
                guard field.isEmpty && !fieldWasQuoted else {
                    throw Failure(line: line, message: "a quote inside an unquoted field (quote the whole field and double the quote)")
                }
                inQuotes = true
                fieldWasQuoted = true
                quoteLine = line
                recordHasContent = true
            case 0x0D where index + 1 < bytes.count && bytes[index + 1] == 0x0A:
                break
            case 0x0A:
                endRecord()
                line += 1
                recordLine = line
            default:
                if fieldWasQuoted {
                    throw Failure(line: line, message: "text after the closing quote of a field")
                }
                field.append(byte)
                if byte != 0x20 && byte != 0x09 && byte != 0x0D { recordHasContent = true }
            }
            index += 1
        }
        if inQuotes { throw Failure(line: quoteLine, message: "a quoted field is never closed") }
        endRecord()
        return records
    }
}
