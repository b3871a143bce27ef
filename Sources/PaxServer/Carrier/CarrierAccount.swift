import Crypto
import Foundation

/// An airline allowed to send PAXLST to this agency's carrier API (`"carriers"` in the agency
/// configuration):
///
/// ```json
/// "carriers": [
///   { "carrier": "TA", "tokenSha256": "<64 hex digits>", "peer": "US-CBP",
///     "callback": "http://127.0.0.1:9100/cusres" }
/// ]
/// ```
///
/// The carrier proves who it is with `Authorization: Bearer TOKEN`; the configuration holds
/// only the token's SHA-256, so a copy of the file does not let anyone send as the carrier.
/// `peer` is the agency its manifests are forwarded to (default: the only configured peer);
/// `callback`, when given, receives each CUSRES by `POST` as soon as it is made.
public struct CarrierAccount: Sendable, Equatable {
    /// The carrier's id (its IATA designator, 1 to 8 letters or digits).
    public var carrier: String
    /// SHA-256 of the bearer token, 32 bytes.
    public var tokenDigest: [UInt8]
    /// The peer agency its manifests go to.
    public var peer: String
    /// Where to push CUSRES answers (http or https), if anywhere.
    public var callbackURL: String?

    public init(carrier: String, tokenDigest: [UInt8], peer: String, callbackURL: String? = nil) {
        self.carrier = carrier
        self.tokenDigest = tokenDigest
        self.peer = peer
        self.callbackURL = callbackURL
    }

    /// SHA-256 of `token`, as the configuration's `tokenSha256` holds it (lower-case hex).
    public static func digestHex(ofToken token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// True when `carrier` is 1 to 8 ASCII letters or digits.
    public static func isValidCarrierId(_ carrier: String) -> Bool {
        (1...8).contains(carrier.utf8.count) && carrier.utf8.allSatisfy { isAlphanumeric($0) }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// Reads the `carriers` array; `peers` are the configured peer agencies.
    static func read(_ nodes: [JSONNode], path: String, peers: [String]) throws(ConfigurationError) -> [CarrierAccount] {
        var accounts: [CarrierAccount] = []
        for (index, node) in nodes.enumerated() {
            let entry = try ConfigurationReader(path: path, keyPath: "carriers[\(index)]", node: node)
            try entry.refuseUnknownKeys(["carrier", "tokenSha256", "peer", "callback"])
            let carrier = try entry.requiredString("carrier")
            guard isValidCarrierId(carrier) else { throw entry.fail("carrier", "expected 1 to 8 letters or digits, found '\(carrier.prefix(40))'") }
            if accounts.contains(where: { $0.carrier == carrier }) { throw entry.fail("carrier", "carrier \(carrier) is listed twice") }
            let hex = try entry.requiredString("tokenSha256")
            guard let digest = Self.bytes(hex: hex), digest.count == 32 else {
                throw entry.fail("tokenSha256", "expected the token's SHA-256 as 64 hexadecimal digits")
            }
            if accounts.contains(where: { $0.tokenDigest == digest }) {
                throw entry.fail("tokenSha256", "two carriers cannot share a token")
            }
            let peer: String
            if let named = try entry.string("peer") {
                guard peers.contains(named) else { throw entry.fail("peer", "\(named) is not a configured peer") }
                peer = named
            } else {
                guard peers.count == 1, let only = peers.first else {
                    throw entry.missing("peer")
                }
                peer = only
            }
            let callback = try entry.string("callback")
            if let callback {
                guard let components = URLComponents(string: callback), let scheme = components.scheme?.lowercased(),
                      scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
                    throw entry.fail("callback", "expected an http:// or https:// URL with a host, found '\(callback.prefix(200))'")
                }
            }
            accounts.append(CarrierAccount(carrier: carrier, tokenDigest: digest, peer: peer, callbackURL: callback))
        }
        return accounts
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}

extension CarrierAccount {
    /// A new bearer token: 32 random bytes as 64 hex digits (its digest goes in the agency's
    /// configuration, the token to the carrier).
    public static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
