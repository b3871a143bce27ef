import Foundation

/// The text format of PaxSim key files: standard PEM (PKCS#8 `PRIVATE KEY` or SubjectPublicKeyInfo
/// `PUBLIC KEY`, Ed25519, RFC 8410) preceded by a `PaxSim-Agency: ID` line naming the agency.
/// OpenSSL reads these files as they are (it skips text before `-----BEGIN`), e.g.
/// `openssl pkey -in US-CBP.key -pubout` prints the PEM block of `US-CBP.pub`.
///
/// ```
/// PaxSim-Agency: US-CBP
/// -----BEGIN PUBLIC KEY-----
/// MCowBQYDK2VwAyEA…
/// -----END PUBLIC KEY-----
/// ```
///
/// Blank lines and lines starting with `#` are allowed before the PEM block.
enum KeyFileFormat {
    /// A key file's parts: the agency named in it and the DER bytes of its PEM block.
    struct Contents {
        var agency: String
        var der: [UInt8]
        /// Line of the `-----BEGIN` marker, for errors about the key itself.
        var beginLine: Int
    }

    static func render(agency: String, label: String, der: [UInt8]) -> String {
        let base64 = Data(der).base64EncodedString()
        var lines = ["PaxSim-Agency: \(agency)", "-----BEGIN \(label)-----"]
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<end]))
            index = end
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    static func parse(_ text: String, label: String, path: String) throws(KeyFileError) -> Contents {
        func fail(_ line: Int, _ reason: String) -> KeyFileError { KeyFileError(path: path, line: line, reason: reason) }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        var agency: String?
        var number = 0
        var beginLine = 0
        // Header: the agency line, blank lines, comments, then BEGIN.
        while number < lines.count {
            let line = lines[number].trimmingCharacters(in: .whitespaces)
            number += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("-----BEGIN ") {
                guard line == "-----BEGIN \(label)-----" else {
                    throw fail(number, "expected '-----BEGIN \(label)-----', found '\(line.prefix(40))'")
                }
                beginLine = number
                break
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw fail(number, "expected 'PaxSim-Agency: ID' or '-----BEGIN \(label)-----', found text")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard name == "PaxSim-Agency" else { throw fail(number, "unknown header '\(name.prefix(40))' (expected 'PaxSim-Agency')") }
            guard agency == nil else { throw fail(number, "second 'PaxSim-Agency' line") }
            if let problem = AgencyIdentifier.problem(with: value) { throw fail(number, problem) }
            agency = value
        }
        guard beginLine > 0 else { throw fail(0, "no '-----BEGIN \(label)-----' line: not a PaxSim key file of this kind") }
        guard let agency else { throw fail(beginLine, "no 'PaxSim-Agency: ID' line before the key") }
        var base64 = ""
        var endLine = 0
        while number < lines.count {
            let line = lines[number].trimmingCharacters(in: .whitespaces)
            number += 1
            if line.hasPrefix("-----END ") {
                guard line == "-----END \(label)-----" else { throw fail(number, "expected '-----END \(label)-----'") }
                endLine = number
                break
            }
            guard !line.isEmpty, line.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) }) else {
                throw fail(number, line.isEmpty ? "blank line inside the key" : "not base64 text inside the key")
            }
            base64 += line
        }
        guard endLine > 0 else { throw fail(lines.count, "no '-----END \(label)-----' line: the file is cut short") }
        for index in number..<lines.count where !lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
            throw fail(index + 1, "text after '-----END \(label)-----'")
        }
        guard let der = Data(base64Encoded: base64) else { throw fail(beginLine + 1, "the key's base64 text is damaged") }
        return Contents(agency: agency, der: Array(der), beginLine: beginLine)
    }

    static func read(path: String) throws(KeyFileError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw KeyFileError(path: path, line: 0, reason: FileManager.default.fileExists(atPath: path)
                ? "cannot be read (\(error.localizedDescription))" : "no such file")
        }
        guard data.count <= 64 * 1024 else { throw KeyFileError(path: path, line: 0, reason: "too large for a key file (\(data.count) bytes)") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw KeyFileError(path: path, line: 0, reason: "not UTF-8 text: not a PaxSim key file")
        }
        return text
    }
}
