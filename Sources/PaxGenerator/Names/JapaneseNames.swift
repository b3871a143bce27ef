/// Japanese names in the modified Hepburn romanisation of Japanese passports.
enum JapaneseNames {
    static let corpus = NameCorpus(
        male: ["HIROSHI", "TAKESHI", "KENJI", "SATOSHI", "YUKI", "DAISUKE", "KAZUKI", "SHOTA", "RYOTA", "HARUTO",
               "SOTA", "YUTO", "REN", "MINATO", "RIKU", "KAITO", "TAKUMI", "HAYATO", "NAOKI", "TAKASHI",
               "MAKOTO", "KOJI", "MASAHIRO", "TETSUYA", "YOSHIRO", "AKIRA", "SHINJI", "JUNICHI", "RYUSEI", "SORA"],
        female: ["YUKO", "KEIKO", "TOMOKO", "AKIKO", "NAOMI", "MEGUMI", "YUMI", "HARUKA", "AYAKA", "MISAKI",
                 "SAKURA", "HINA", "YUI", "AOI", "RIN", "MIO", "HINATA", "MEI", "KAEDE", "NANAMI",
                 "EMI", "KAORI", "MAYUMI", "NORIKO", "SACHIKO", "HIROMI", "ASUKA", "CHIHIRO", "MIKU", "RIKO"],
        surnames: ["SATO", "SUZUKI", "TAKAHASHI", "TANAKA", "WATANABE", "ITO", "YAMAMOTO", "NAKAMURA", "KOBAYASHI", "KATO",
                   "YOSHIDA", "YAMADA", "SASAKI", "YAMAGUCHI", "MATSUMOTO", "INOUE", "KIMURA", "HAYASHI", "SHIMIZU", "YAMAZAKI",
                   "MORI", "ABE", "IKEDA", "HASHIMOTO", "YAMASHITA", "ISHIKAWA", "NAKAJIMA", "MAEDA", "FUJITA", "OGAWA",
                   "GOTO", "OKADA", "HASEGAWA", "MURAKAMI", "KONDO", "ISHII", "SAITO", "SAKAMOTO", "ENDO", "AOKI"])
}
