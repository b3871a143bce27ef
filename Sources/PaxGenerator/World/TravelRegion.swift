/// A free-movement area whose citizens may travel between member states on a national
/// identity card instead of a passport.
public enum TravelRegion: String, Sendable, Hashable, CaseIterable {
    /// The Schengen area and the EU (identity cards accepted between members).
    case europe
    /// The CA-4 agreement: El Salvador, Guatemala, Honduras, Nicaragua.
    case centralAmerica4
    /// The Gulf Cooperation Council.
    case gulf
    /// Mercosur and the Andean Community (national identity cards accepted).
    case southAmerica
}
