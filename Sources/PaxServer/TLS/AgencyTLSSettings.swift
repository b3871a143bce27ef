/// The `"tls"` section of an agency's configuration: the agency's own certificate and key (its
/// server certificate and the client certificate it presents to peers), the CA that issues
/// peers' certificates, and the lowest TLS version accepted.
///
/// ```json
/// "tls": { "certificate": "keys/US-CBP.crt", "privateKey": "keys/US-CBP.tls.key",
///          "peersCA": "keys/paxsim-ca.crt", "minimumVersion": "1.3" }
/// ```
///
/// A peer is verified against its pinned certificates when its entry lists `"certificates"`
/// (one, or two during a change-over), otherwise against `peersCA`.
public struct AgencyTLSSettings: Sendable, Equatable {
    /// TLS versions an agency may require at least.
    public enum MinimumVersion: String, Sendable, Equatable {
        case tls12 = "1.2"
        case tls13 = "1.3"
    }

    /// PEM file with the agency's certificate (and any intermediates after it).
    public var certificatePath: String
    /// PEM file with the certificate's private key (PKCS#8 or SEC1; mode 0600 required).
    public var privateKeyPath: String
    /// PEM file with the CA certificate(s) peers' certificates must chain to; nil when every
    /// peer is pinned.
    public var peersCAPath: String?
    public var minimumVersion: MinimumVersion = .tls13

    public init(certificatePath: String, privateKeyPath: String, peersCAPath: String? = nil,
                minimumVersion: MinimumVersion = .tls13) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.peersCAPath = peersCAPath
        self.minimumVersion = minimumVersion
    }
}
