import Foundation
public import Logging
import NIOCore
import NIOSSL
import Synchronization

/// The agency's current TLS material, replaced on reload (SIGHUP): each new connection, in
/// either direction, takes the material current when it starts; connections already open keep
/// theirs. Counts the client certificates refused in the handshake, by reason.
public final class TLSMaterialStore: Sendable {
    private let material: Mutex<AgencyTLSMaterial>
    private let refusals = Mutex<[String: Int]>([:])
    private let logger: Logger

    public init(_ material: AgencyTLSMaterial, logger: Logger = Logger(label: "paxsim.tls")) {
        self.material = Mutex(material)
        self.logger = logger
    }

    public var current: AgencyTLSMaterial { material.withLock { $0 } }

    /// New connections from now on use `replacement`.
    public func replace(with replacement: AgencyTLSMaterial) { material.withLock { $0 = replacement } }

    /// The handshake's verdict on a client's chain under `material`; a refusal is counted and logged.
    func verify(_ certificates: [NIOSSLCertificate], with material: AgencyTLSMaterial) async -> NIOSSLVerificationResult {
        var ders: [[UInt8]] = []
        for certificate in certificates {
            guard let der = try? certificate.toDERBytes() else { break }
            ders.append(der)
        }
        switch await material.verifyPeer(chain: ders) {
        case .accepted:
            return .certificateVerified
        case .refused(let code, let reason):
            refusals.withLock { $0[code, default: 0] += 1 }
            logger.notice("TLS handshake refused", metadata: ["code": "\(code)", "reason": "\(reason)"])
            return .failed
        }
    }

    /// Client certificates refused in the handshake so far, by code.
    public var refusalCounts: [String: Int] { refusals.withLock { $0 } }

    /// Prometheus text for `/metrics`.
    public func exposition() -> String {
        var text = "# HELP paxsim_tls_handshake_refusals_total Client certificates refused during the TLS handshake.\n"
        text += "# TYPE paxsim_tls_handshake_refusals_total counter\n"
        for (code, count) in refusalCounts.sorted(by: { $0.key < $1.key }) {
            text += "paxsim_tls_handshake_refusals_total{code=\"\(code)\"} \(count)\n"
        }
        return text
    }
}
