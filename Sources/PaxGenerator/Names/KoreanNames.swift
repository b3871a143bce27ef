/// Korean names as South Korean passports romanise them (given name written as one word).
enum KoreanNames {
    static let corpus = NameCorpus(
        male: ["MINJUN", "SEOJUN", "DOYUN", "YEJUN", "SIWOO", "HAJUN", "JIHO", "JUWON", "JIHOON", "JUNSEO",
               "SUNGMIN", "HYUNWOO", "DONGHYUN", "YOUNGHO", "SANGWOO", "JAEHYUN", "SEUNGHO", "KYUNGSOO", "TAEYANG", "WOOJIN",
               "JUNHO", "MINHO", "CHANGMIN", "JINWOO", "SEUNGMIN", "YOUNGSOO", "JONGHOON", "DAEHO", "HYUNSOO", "BYUNGCHUL"],
        female: ["SEOYEON", "SEOYUN", "JIWOO", "SEOHYUN", "MINSEO", "HAEUN", "HAYUN", "JIYU", "CHAEWON", "SUAH",
                 "JIYEON", "SOYEON", "EUNJI", "HYEJIN", "MINJI", "YUNA", "SUJIN", "JIHYE", "HYUNJOO", "YOUNGHEE",
                 "MIKYUNG", "EUNJUNG", "SOOJIN", "JIEUN", "NAYEON", "DAHYUN", "YEJIN", "SUBIN", "HAERIN", "BOMI"],
        surnames: ["KIM", "LEE", "PARK", "CHOI", "JUNG", "KANG", "CHO", "YOON", "JANG", "LIM",
                   "HAN", "OH", "SEO", "SHIN", "KWON", "HWANG", "AHN", "SONG", "JEON", "HONG",
                   "YOO", "KO", "MOON", "YANG", "SON", "BAE", "BAEK", "HEO", "NAM", "SHIM"])
}
