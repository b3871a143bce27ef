import Crypto
import Foundation

/// How a TLS certificate names the agency it belongs to: a subject alternative name of type
/// DNS, `<agency id in lower case>.agency.paxsim.invalid` (RFC 2606 reserves `.invalid`, so the
/// name is never looked up). The subject's common name carries the agency id as well, for
/// people reading the certificate; only the SAN is checked. A client connecting to peer P asks
/// for (SNI) and verifies exactly P's name, so a valid certificate of another agency fails the
/// handshake; a server admits a client certificate only when it names a configured peer.
public enum AgencyCertificateName {
    public static let suffix = ".agency.paxsim.invalid"

    /// The DNS name a certificate of `agency` carries.
    public static func dnsName(of agency: String) -> String { agency.lowercased() + suffix }

    /// The agency among `candidates` that `dnsName` names (case-insensitive), if any.
    public static func agency(named dnsName: String, among candidates: some Sequence<String>) -> String? {
        let name = dnsName.lowercased()
        guard name.hasSuffix(suffix) else { return nil }
        return candidates.first { self.dnsName(of: $0) == name }
    }

    /// SHA-256 of a certificate's DER encoding, lower-case hex: what `paxsim keys show` prints
    /// and what `openssl x509 -noout -fingerprint -sha256` prints (without the colons).
    public static func fingerprint(der: [UInt8]) -> String {
        SHA256.hash(data: der).map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
