public import PaxMessages
public import PaxRisk

/// The expensive part of receiving a payload, computed by a driver off the agency's serial
/// path and handed in with the bytes (`AgencyEvent.received(_:precheck:)`): the payload check
/// (hardened parse, schema, business rules, decode) and, for an accepted manifest, its
/// screening. A value computed from bytes alone (and the agency's own screening engine), so
/// using it changes no outcome; the agency uses it only for a payload with the same SHA-256
/// (`digest`) and checks anything else itself.
public struct PayloadPrecheck: Sendable {
    /// SHA-256 (lowercase hex) of the bytes checked.
    public let digest: String
    /// The payload's root element name, when it parsed.
    public let root: String?
    /// The decoded message, or every error found.
    public let result: Result<PaxMessage, PayloadErrors>
    /// For an accepted manifest screened ahead: one risk per traveller, in manifest order.
    public let risks: [TravelerRisk]?

    /// Checks `payload` (and screens it with `screening` if it is a valid manifest).
    public static func compute(_ payload: [UInt8], screening: RiskEngine?) -> PayloadPrecheck {
        compute(payload, digest: SignedMessage.digest(of: payload), screening: screening)
    }

    /// `compute(_:screening:)` for a payload whose SHA-256 is already known to be `digest`
    /// (an authenticated message whose digest was verified against its payload).
    public static func compute(_ payload: [UInt8], digest: String, screening: RiskEngine?) -> PayloadPrecheck {
        let (root, result) = PayloadCheck.check(payload)
        var risks: [TravelerRisk]?
        if let screening, case .success(.manifest(let manifest)) = result {
            risks = manifest.travelers.map { screening.assess($0, flight: manifest.flight) }
        }
        return PayloadPrecheck(digest: digest, root: root, result: result, risks: risks)
    }

    /// The check's outcome if it was computed from a payload with SHA-256 `digest`.
    func matching(_ digest: String) -> PayloadPrecheck? {
        self.digest == digest ? self : nil
    }
}
