/// Lower-case hexadecimal, as message digests (`PayloadDigest`), audit-chain hashes and trace
/// hashes are written: one spelling everywhere, so that equal digests compare equal as text.
public enum Hex {
    static let digits = Array("0123456789abcdef".utf8)

    /// True for `0-9` and `a-f`.
    public static func isDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte)
    }

    /// Two lower-case digits per byte.
    public static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
