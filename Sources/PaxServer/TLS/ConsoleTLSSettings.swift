/// The `"tls"` section of an agency's `"console"`: the console served over HTTPS to operators'
/// browsers. Server authentication only (a browser presents no client certificate; operators
/// log in with the operator token), TLS 1.2 at least by default.
///
/// ```json
/// "console": { "listen": "0.0.0.0:8443",
///              "tls": { "certificate": "keys/console.crt", "privateKey": "keys/console.key" } }
/// "console": { "listen": "127.0.0.1:8443", "tls": { "agencyCertificate": true } }
/// ```
///
/// A certificate of its own is what an operator normally wants: browsers check that it names
/// the host typed in the address bar (a DNS name or IP address among its subject alternative
/// names), which the agency's peer certificate (`<id>.agency.paxsim.invalid`) never does.
/// `agencyCertificate` reuses the agency's `tls` certificate and key (browsers then warn about
/// the name; pin its fingerprint instead).
public struct ConsoleTLSSettings: Sendable, Equatable {
    /// Where the console's certificate and key come from.
    public enum Source: Sendable, Equatable {
        /// PEM files of the console's own (certificate chain first, then its key, mode 0600).
        case files(certificatePath: String, privateKeyPath: String)
        /// The agency's own `tls.certificate` and `tls.privateKey`.
        case agencyCertificate
    }

    public var source: Source
    /// Browsers support TLS 1.3 widely, but managed fleets still have 1.2-only clients.
    public var minimumVersion: AgencyTLSSettings.MinimumVersion

    public init(source: Source, minimumVersion: AgencyTLSSettings.MinimumVersion = .tls12) {
        self.source = source
        self.minimumVersion = minimumVersion
    }

    /// The certificate and key files to load, given the agency's own TLS settings.
    public func files(agency: AgencyTLSSettings?) throws(AgencySetupError) -> (certificatePath: String, privateKeyPath: String) {
        switch source {
        case .files(let certificatePath, let privateKeyPath):
            return (certificatePath, privateKeyPath)
        case .agencyCertificate:
            guard let agency else { throw AgencySetupError("console.tls.agencyCertificate needs the agency's \"tls\" section") }
            return (agency.certificatePath, agency.privateKeyPath)
        }
    }
}
