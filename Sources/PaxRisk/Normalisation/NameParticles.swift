/// Name particles: articles, prepositions and patronymic links that are spelled, spaced and
/// dropped inconsistently between documents and lists (`de la Cruz`, `DELACRUZ`, `Cruz`;
/// `bin Laden`, `Laden`; `van der Berg`, `Berg`), so matching ignores them.
enum NameParticles {
    /// The particles, each packed into an integer (all are at most five letters).
    static let all: Set<UInt64> = Set([
        "de", "del", "della", "la", "las", "los", "le", "les", "da", "das", "do", "dos", "di", "du", "y", "e",
        "van", "von", "der", "den", "ter", "ten", "zu",
        "al", "el", "bin", "ibn", "ben", "bint", "ould",
    ].map { pack(Array($0.utf8)) })

    @inline(__always)
    private static func pack(_ token: [UInt8]) -> UInt64 {
        token.reduce(0) { $0 << 8 | UInt64($1) }
    }

    static func isParticle(_ token: [UInt8]) -> Bool {
        token.count <= 5 && all.contains(pack(token))
    }
}
