/// The lexical checks of the watch-list schema's simple types, for the decoder.
enum WatchListText {
    static let entryIdForm = "1 to 40 letters, digits and . _ : -"

    /// `WatchListEntryId`: `[A-Za-z0-9._:-]{1,40}`.
    static func isEntryId(_ text: String) -> Bool {
        let bytes = text.utf8
        return (1...40).contains(bytes.count) && bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b == UInt8(ascii: "-")
        }
    }

    /// `DocumentNumber`: `[A-Z0-9]{1,20}`.
    static func isDocumentNumber(_ text: String) -> Bool {
        let bytes = text.utf8
        return (1...20).contains(bytes.count) && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
    }

    /// Collapsed text of 1...`maxLength` characters without control characters
    /// (`WatchListNameText`, `LongText`).
    static func checked(_ decoder: ElementDecoder, maxLength: Int) throws(MessageDecodingError) -> String {
        let text = try decoder.text()
        guard (1...maxLength).contains(text.count) else {
            throw decoder.error(.invalidValue(text, expected: "1 to \(maxLength) characters"))
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw decoder.error(.invalidValue(text, expected: "text without control characters"))
        }
        return text
    }
}
