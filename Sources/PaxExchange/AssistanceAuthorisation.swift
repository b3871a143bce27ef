/// Who may see a traveller record in an assistance response: the agency that submitted the
/// manifest, or the agency whose territory the flight arrives in. Nobody else; an answer
/// with nothing visible says `NotFound`, never that hidden records exist.
public enum AssistanceAuthorisation {
    public static func maySee(requester: String, territory: Set<String>, manifest: ManifestRecord) -> Bool {
        manifest.submitter == requester || territory.contains(manifest.flight.arrivalAirport)
    }
}
