import Foundation

/// `openssl s_client`, the independent TLS client of the end-to-end tests: one connection to
/// 127.0.0.1:PORT, optionally verifying the server and presenting a client certificate, that
/// sends one request (or nothing) and reports what it printed.
enum OpenSSLClient {
    static let openssl = "/usr/bin/openssl"

    /// `GET PATH` closing the connection after the answer.
    static func get(_ path: String) -> [UInt8] {
        Array("GET \(path) HTTP/1.1\r\nHost: agency\r\nConnection: close\r\n\r\n".utf8)
    }

    /// Connects to `port`: SNI `serverName`; the server verified against `ca` when given
    /// (a failed verification ends the handshake), its certificate required to carry
    /// `serverName` (or the IP address `verifyIP`); the client certificate `certificate` (path
    /// without `.crt`/`.key`) presented; then `request` sent. A nil request sends nothing and
    /// keeps the session details printed (e.g. for `-showcerts`). Runs on a thread of its own,
    /// so a slow handshake never holds a cooperative thread.
    static func connect(port: Int, serverName: String? = nil, verifyIP: String? = nil, ca: String? = nil, certificate: String? = nil,
                        _ extra: [String] = [], sending request: [UInt8]?) async throws -> Paxsim.Result {
        var arguments = ["s_client", "-connect", "127.0.0.1:\(port)"]
        if let serverName { arguments += ["-servername", serverName] }
        if let ca {
            arguments += ["-CAfile", ca, "-verify_return_error"]
            if let serverName { arguments += ["-verify_hostname", serverName] }
            if let verifyIP { arguments += ["-verify_ip", verifyIP] }
        }
        if let certificate { arguments += ["-cert", certificate + ".crt", "-key", certificate + ".key"] }
        if request != nil { arguments += ["-ign_eof", "-quiet"] }
        arguments += extra
        return try await Paxsim.runProgramOffPool(openssl, arguments, input: request ?? [], timeout: 20)
    }

    /// The SHA-256 fingerprint `openssl x509` prints for the PEM certificate in `text` (upper
    /// case, colon-separated), or nil.
    static func fingerprint(ofPEMIn text: String) async throws -> String? {
        guard let begin = text.range(of: "-----BEGIN CERTIFICATE-----"),
              let end = text.range(of: "-----END CERTIFICATE-----", range: begin.upperBound..<text.endIndex) else { return nil }
        let pem = Array(String(text[begin.lowerBound..<end.upperBound] + "\n").utf8)
        let result = try await Paxsim.runProgramOffPool(openssl, ["x509", "-noout", "-fingerprint", "-sha256"], input: pem, timeout: 20)
        return result.stdout.split(separator: "=", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }
}
