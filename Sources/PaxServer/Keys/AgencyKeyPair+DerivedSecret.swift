import Crypto
import Foundation

extension AgencyKeyPair {
    /// A secret derived from the agency's private key for one purpose (`label`), as
    /// HMAC-SHA256(private key, label): the console's operator token is one. Deterministic, so
    /// `paxsim agency console-token` prints the same token the running agency accepts, and
    /// nothing new has to be stored; a new key gives a new token.
    public func derivedSecret(label: String) -> [UInt8] {
        let key = SymmetricKey(data: privateKey.rawRepresentation)
        return Array(HMAC<SHA256>.authenticationCode(for: Array(label.utf8), using: key))
    }
}
