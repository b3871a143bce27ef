public import PaxServer

/// The per-agency operator token: the one credential the console accepts at `/login`.
/// Derived from the agency's private key (see `AgencyKeyPair.derivedSecret`), so whoever can
/// read the key file (the agency's own operators) can print it with
/// `paxsim agency console-token`, and it changes when the key does.
public struct OperatorToken: Sendable, Equatable, CustomStringConvertible {
    /// The token as typed at the login form: `pxc-` and 40 lower-case hex digits.
    public let text: String
    /// The secret behind session CSRF values (never sent anywhere).
    let csrfKey: [UInt8]

    /// The token of the agency whose private key is `keyPair`.
    public init(keyPair: AgencyKeyPair) {
        let secret = keyPair.derivedSecret(label: "paxsim console operator token v1")
        text = "pxc-" + Self.hex(secret.prefix(20))
        csrfKey = keyPair.derivedSecret(label: "paxsim console csrf v1")
    }

    /// The token of the agency a configuration file describes (reads its private key).
    public init(configuration: AgencyServiceConfiguration) throws(KeyFileError) {
        self.init(keyPair: try AgencyKeyPair.load(path: configuration.privateKeyPath))
    }

    /// Constant-time comparison with what a client sent.
    public func matches(_ candidate: String) -> Bool {
        Self.constantTimeEqual(Array(candidate.utf8), Array(text.utf8))
    }

    public var description: String { "operator token (\(text.prefix(8))…)" }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
