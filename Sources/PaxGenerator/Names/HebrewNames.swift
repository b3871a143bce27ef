/// Israeli names in the Latin form Israeli passports print.
enum HebrewNames {
    static let corpus = NameCorpus(
        male: ["DAVID", "YOSEF", "MOSHE", "AVRAHAM", "YITZHAK", "YAAKOV", "DANIEL", "ARIEL", "NOAM", "ITAI",
               "EITAN", "OMER", "YONATAN", "ELIYAHU", "SHLOMO", "AMIR", "RONEN", "GUY", "TAL", "UZI",
               "ARIEH", "MENACHEM", "DORON", "GILAD", "NADAV", "YUVAL", "IDO", "LIOR", "ORI", "EREZ"],
        female: ["SARAH", "RACHEL", "LEAH", "MIRIAM", "ESTHER", "TAMAR", "NOA", "MAYA", "SHIRA", "YAEL",
                 "MICHAL", "RONIT", "ORLY", "DANA", "HADAS", "LIRON", "ADI", "NOGA", "TALIA", "EFRAT",
                 "AYELET", "HILA", "KEREN", "MORAN", "SHIRAN", "GALIT", "OSNAT", "YAFIT", "DALIA", "ZIVA"],
        surnames: ["COHEN", "LEVI", "MIZRAHI", "PERETZ", "BITON", "DAHAN", "AVRAHAM", "FRIEDMAN", "AZULAI", "MALKA",
                   "KATZ", "YOSEF", "DAVID", "AMAR", "OHAYON", "HADAD", "GABAY", "BEN DAVID", "SHAPIRA", "ROSENBERG",
                   "GOLDBERG", "LEVY", "ABUTBUL", "VAKNIN", "BEN HAIM", "SHALOM", "ELBAZ", "KLEIN", "WEISS", "SEGAL"])
}
