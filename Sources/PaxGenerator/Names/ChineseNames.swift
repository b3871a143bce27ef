/// Chinese names in Hanyu Pinyin as mainland passports print them; surnames carry their
/// characters and the Wade-Giles or Cantonese spellings found in Taiwanese, Hong Kong and
/// older records.
enum ChineseNames {
    /// Given names are one syllable or two run together (`WEI`, `JIAHAO`).
    static let maleSyllables = ["WEI", "JIE", "HAO", "YU", "JUN", "MING", "LEI", "QIANG", "JIAN", "TAO", "BIN", "HUI", "PENG",
                                "CHAO", "XIN", "YONG", "LONG", "HAI", "FENG", "KAI", "BO", "GANG", "ZHI", "YI", "CHENG", "HONG",
                                "ZHEN", "JIA", "ZI", "XUAN", "HAN", "RUI", "YANG", "TIAN", "JUNJIE", "HAORAN"]
    static let femaleSyllables = ["FANG", "LI", "NA", "JING", "YAN", "MIN", "XIU", "YING", "HUA", "LAN", "MEI", "XIA", "JUAN",
                                  "TING", "XUE", "YUN", "LING", "QING", "HUI", "DAN", "YU", "XIN", "JIA", "YI", "SI", "YUE",
                                  "XIAO", "LU", "QIAN", "ZHEN", "WEN", "SHU", "HONG", "YAN"]

    static let corpus = NameCorpus(
        male: maleSyllables.map { NameEntry($0) },
        female: femaleSyllables.map { NameEntry($0) },
        surnames: [
            NameEntry("WANG", script: "王", variants: ["WONG"]),
            NameEntry("LI", script: "李", variants: ["LEE"]),
            NameEntry("ZHANG", script: "张", variants: ["CHANG", "CHEUNG"]),
            NameEntry("LIU", script: "刘", variants: ["LAU", "LIEW"]),
            NameEntry("CHEN", script: "陈", variants: ["CHAN", "TAN"]),
            NameEntry("YANG", script: "杨", variants: ["YEUNG", "YEO"]),
            NameEntry("HUANG", script: "黄", variants: ["HWANG", "WONG"]),
            NameEntry("ZHAO", script: "赵", variants: ["CHAO", "CHIU"]),
            NameEntry("WU", script: "吴", variants: ["NG", "GOH"]),
            NameEntry("ZHOU", script: "周", variants: ["CHOW", "CHOU"]),
            NameEntry("XU", script: "徐", variants: ["HSU", "TSUI"]),
            NameEntry("SUN", script: "孙", variants: ["SUEN"]),
            NameEntry("MA", script: "马", variants: ["MAH"]),
            NameEntry("ZHU", script: "朱", variants: ["CHU", "CHOO"]),
            NameEntry("HU", script: "胡", variants: ["WOO"]),
            NameEntry("GUO", script: "郭", variants: ["KUO", "KWOK"]),
            NameEntry("HE", script: "何", variants: ["HO"]),
            NameEntry("LIN", script: "林", variants: ["LAM", "LIM"]),
            NameEntry("GAO", script: "高", variants: ["KAO", "KO"]),
            NameEntry("LUO", script: "罗", variants: ["LO", "LAW"]),
            NameEntry("ZHENG", script: "郑", variants: ["CHENG", "CHEANG"]),
            NameEntry("LIANG", script: "梁", variants: ["LEUNG"]),
            NameEntry("XIE", script: "谢", variants: ["HSIEH", "TSE"]),
            NameEntry("SONG", script: "宋", variants: ["SUNG"]),
            NameEntry("TANG", script: "唐", variants: ["TONG"]),
            NameEntry("HAN", script: "韩", variants: ["HON"]),
            NameEntry("FENG", script: "冯", variants: ["FUNG"]),
            NameEntry("DENG", script: "邓", variants: ["TENG"]),
            NameEntry("CAO", script: "曹", variants: ["TSAO", "CHO"]),
            NameEntry("PENG", script: "彭", variants: ["PANG"]),
            NameEntry("ZENG", script: "曾", variants: ["TSENG", "TSANG"]),
            NameEntry("XIAO", script: "萧", variants: ["HSIAO", "SIU"]),
            NameEntry("TIAN", script: "田", variants: ["TIEN"]),
            NameEntry("DONG", script: "董", variants: ["TUNG"]),
            NameEntry("PAN", script: "潘", variants: ["POON"]),
            NameEntry("YUAN", script: "袁", variants: ["YUEN"]),
            NameEntry("CAI", script: "蔡", variants: ["TSAI", "CHOY"]),
            NameEntry("JIANG", script: "蒋", variants: ["CHIANG"]),
            NameEntry("YU", script: "余", variants: ["YUE", "YEE"]),
            NameEntry("DU", script: "杜", variants: ["TU"]),
        ])
}
