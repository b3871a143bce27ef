/// The message id of a risk assessment: `ASSESSOR:RA:` and the id of the manifest it answers,
/// so the id lives in the assessing agency's namespace like every other message it sends.
///
/// Deterministic (a re-screening after a crash reuses the id); shortened with a hash of the
/// whole manifest id when it would pass the 64 characters a message id may have.
public enum AssessmentId {
    /// Longest message id the schemas allow.
    public static let maxLength = 64

    /// The id of `assessor`'s risk assessment of the manifest whose id is `manifestId`.
    public static func of(assessor: String, answering manifestId: String) -> String {
        let prefix = assessor + ":RA:"
        if prefix.utf8.count + manifestId.utf8.count <= maxLength { return prefix + manifestId }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in manifestId.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let hex = String(hash, radix: 16)
        let room = max(0, maxLength - prefix.utf8.count - hex.utf8.count - 1)
        let kept = String(decoding: manifestId.utf8.prefix(room), as: UTF8.self)
        return prefix + kept + "-" + hex
    }
}
