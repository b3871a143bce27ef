/// A manifest under review, with what several rules need computed once: the verification
/// of every document's MRZ (three rules read it).
struct ManifestReview {
    let manifest: TravelerManifest
    /// Per traveller, per document: the MRZ verification, or nil when the document has no MRZ.
    let mrzVerifications: [[MRZVerification?]]

    init(_ manifest: TravelerManifest) {
        self.manifest = manifest
        mrzVerifications = manifest.travelers.map { traveler in
            traveler.documents.map { $0.mrzLines.isEmpty ? nil : MRZVerifier.verify($0.mrzLines) }
        }
    }
}
