/// Name particles: articles, prepositions and patronymic links that are spelled, spaced and
/// dropped inconsistently between documents and lists (`de la Cruz`, `DELACRUZ`, `Cruz`;
/// `bin Laden`, `Laden`; `van der Berg`, `Berg`), so matching ignores them.
enum NameParticles {
    static let all = PackedTokenTable([
        "de", "del", "della", "la", "las", "los", "le", "les", "da", "das", "do", "dos", "di", "du", "y", "e",
        "van", "von", "der", "den", "ter", "ten", "zu",
        "al", "el", "bin", "ibn", "ben", "bint", "ould",
    ].map { (token: Array($0.utf8), value: ()) })

    @inline(__always)
    static func isParticle(_ token: [UInt8]) -> Bool {
        token.count <= 5 && all.value(token) != nil
    }
}
