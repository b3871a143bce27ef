import PaxMessages

/// Values as PaxMessages writes them into XML (`CalendarDate.description`, decimal
/// integers) and text escaped as `XMLWriter` escapes it, appended straight to a byte buffer.
enum XMLValueBytes {
    /// `YYYY-MM-DD`.
    static func append(_ date: CalendarDate, to out: ByteWriter) {
        let zero = UInt8(ascii: "0")
        let year = date.year
        out.reserve(10)
        out.append(zero + UInt8(year / 1000 % 10))
        out.append(zero + UInt8(year / 100 % 10))
        out.append(zero + UInt8(year / 10 % 10))
        out.append(zero + UInt8(year % 10))
        out.append(UInt8(ascii: "-"))
        out.append(zero + UInt8(date.month / 10))
        out.append(zero + UInt8(date.month % 10))
        out.append(UInt8(ascii: "-"))
        out.append(zero + UInt8(date.day / 10))
        out.append(zero + UInt8(date.day % 10))
    }

    static func append(_ value: Int, to out: ByteWriter) {
        var text = String(value)
        text.withUTF8 { out.append($0) }
    }

    /// `text` escaped as `XMLWriter` escapes character data (`<`, `>`, `&`, carriage
    /// return) or attribute values (also `"`, tab, line feed); false, with nothing
    /// guaranteed about `out`, when `text` has a character XML 1.0 cannot carry.
    static func appendEscaped(_ text: String, attribute: Bool, to out: ByteWriter) -> Bool {
        let done = text.utf8.withContiguousStorageIfAvailable { utf8 in
            appendEscaped(utf8, attribute: attribute, to: out)
        }
        if let done { return done }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { appendEscaped($0, attribute: attribute, to: out) }
    }

    /// Whether `byte` needs more than copying: controls, `"`, `&`, `<`, `>` (a mask over
    /// bytes below 0x40), or 0xEF, which may start U+FFFE or U+FFFF.
    @inline(__always)
    private static func needsWork(_ byte: UInt8) -> Bool {
        byte == 0xEF || (byte < 64 && (0xFFFF_FFFF | 1 << 0x22 | 1 << 0x26 | 1 << 0x3C | 1 << 0x3E as UInt64) >> UInt64(byte) & 1 == 1)
    }

    private static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, attribute: Bool, to out: ByteWriter) -> Bool {
        // At most six output bytes per input byte (`&quot;`).
        out.write(maximum: utf8.count * 6) { target in
            var written = 0
            var index = 0
            let count = utf8.count
            @inline(__always) func emit(_ replacement: StaticString) {
                replacement.withUTF8Buffer { bytes in
                    for byte in bytes {
                        target[written] = byte
                        written += 1
                    }
                }
            }
            while index < count {
                let byte = utf8[index]
                index += 1
                guard needsWork(byte) else {
                    target[written] = byte
                    written += 1
                    continue
                }
                switch byte {
                case 0x3C: emit("&lt;")
                case 0x3E: emit("&gt;")
                case 0x26: emit("&amp;")
                case 0x22 where attribute: emit("&quot;")
                case 0x0D: emit("&#13;")
                case 0x09 where attribute: emit("&#9;")
                case 0x0A where attribute: emit("&#10;")
                case 0x09, 0x0A, 0x22:
                    target[written] = byte
                    written += 1
                case 0x00..<0x20: return nil
                case 0xEF where index + 1 < count && utf8[index] == 0xBF && (utf8[index + 1] == 0xBE || utf8[index + 1] == 0xBF):
                    return nil
                default:
                    target[written] = byte
                    written += 1
                }
            }
            return written
        }
    }
}
