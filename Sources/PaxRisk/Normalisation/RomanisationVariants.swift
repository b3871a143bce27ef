/// Romanisations of the same Chinese or Korean surname that no spelling rule relates: Hanyu
/// Pinyin, Wade-Giles, Cantonese and Hokkien forms of the commonest Chinese surnames, and the
/// usual Korean spellings. A form may belong to several classes (`WONG` writes both `WANG`
/// and `HUANG`); two tokens sharing a class count as phonetically equal, and a form's phonetic
/// key is that of its first class's canonical (first) form, so most forms also block together.
///
/// A deliberately small, closed table, as screening tools keep: forms whose key already agrees
/// (`ZHANG`/`CHANG`/`CHEUNG`, `LI`/`LEE`) are left to the key.
enum RomanisationVariants {
    private static let classes: [[String]] = [
        ["chen", "chan", "tan", "chin"],
        ["wu", "ng", "goh", "woo"],
        ["hu", "woo"],
        ["huang", "hwang", "wong"],
        ["wang", "wong"],
        ["yang", "yeung", "yeo"],
        ["xu", "hsu", "tsui"],
        ["xiao", "hsiao", "siu"],
        ["zhou", "chow", "chou", "chau"],
        ["liu", "lau", "liew", "lao"],
        ["zhu", "chu", "choo", "chue"],
        ["guo", "kwok", "kuo", "kok"],
        ["lin", "lam", "lim"],
        ["he", "ho", "hoe"],
        ["luo", "law", "lo", "loh"],
        ["xie", "tse", "hsieh", "chia"],
        ["cao", "tsao", "cho"],
        ["cai", "tsai", "choy", "choi"],
        ["jiang", "chiang"],
        ["zeng", "tseng", "tsang"],
        ["park", "pak", "bak"],
        ["choi", "choy", "chwe"],
        ["jung", "chung", "jeong"],
        ["kang", "gang"],
        ["yoon", "yun"],
        ["lee", "yi", "rhee"],
        ["cho", "jo"],
        ["gu", "koo", "ku"],
    ]

    /// Class membership by token: a bit per class, and the first class's index.
    private static let membership: PackedTokenTable<(mask: UInt64, first: Int)> = {
        var table: [(token: [UInt8], value: (mask: UInt64, first: Int))] = []
        for (index, forms) in classes.enumerated() {
            for form in forms {
                let token = Array(form.utf8)
                if let existing = table.firstIndex(where: { $0.token == token }) {
                    table[existing].value.mask |= 1 << UInt64(index)
                } else {
                    table.append((token, (1 << UInt64(index), index)))
                }
            }
        }
        return PackedTokenTable(table)
    }()

    /// The classes of `token` as a bit mask (0 when it is not a listed romanisation): two
    /// tokens whose masks intersect are the same surname.
    static func classes(of token: [UInt8]) -> UInt64 {
        token.count <= 6 ? membership.value(token)?.mask ?? 0 : 0
    }

    /// The canonical form of `token`'s first class when it is a listed romanisation, else nil.
    static func canonical(_ token: [UInt8]) -> [UInt8]? {
        guard token.count <= 6, let first = membership.value(token)?.first else { return nil }
        return Array(classes[first][0].utf8)
    }
}
