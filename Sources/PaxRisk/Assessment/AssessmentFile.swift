public import Foundation
public import PaxMessages
public import SafeXML

/// A `RiskAssessment` message ready to write: the answer to one screened manifest file, named
/// after it (`flight.xml` -> `flight.risk.xml`), so `paxsim screen --format xml` only writes.
public struct AssessmentFile: Sendable {
    /// The file name to write it under: the manifest file's name without its extension, then
    /// `.risk.xml`.
    public var name: String
    /// The message's XML bytes.
    public var bytes: [UInt8]

    /// One message per loaded manifest, in order, all assessed at `assessedAt` (now by default).
    public static func make(engine: RiskEngine, loaded: [ManifestLoader.Loaded], risks: [[TravelerRisk]],
                            assessedAt: Timestamp = Timestamp(Date())) throws(XMLWriterError) -> [AssessmentFile] {
        var files: [AssessmentFile] = []
        for (item, risk) in zip(loaded, risks) {
            let message = engine.riskAssessment(for: item.manifest, risks: risk, assessedAt: assessedAt)
            files.append(AssessmentFile(name: name(forManifest: item.file), bytes: try message.xml()))
        }
        return files
    }

    /// `dir/flight.xml` -> `flight.risk.xml`.
    public static func name(forManifest path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension + ".risk.xml"
    }
}
