/// Why a person or document is on a watch list.
public enum WatchListCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// Known or suspected terrorist.
    case terrorism = "Terrorism"
    /// Person under financial or travel sanctions.
    case sanctions = "Sanctions"
    /// Person subject to an arrest warrant or notice.
    case wanted = "Wanted"
    /// Travel document reported lost or stolen.
    case lostStolenDocument = "LostStolenDocument"
    /// Immigration violation, e.g. a prior removal or overstay.
    case immigration = "Immigration"
    /// Customs interest, e.g. smuggling or a mutual-assistance request.
    case customs = "Customs"
}
