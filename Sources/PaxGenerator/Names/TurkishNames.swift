/// Turkish names with the letters Turkish documents print (Ç, Ğ, İ, Ö, Ş, Ü).
enum TurkishNames {
    static let corpus = NameCorpus(
        male: ["MEHMET", "MUSTAFA", "AHMET", "ALİ", "HÜSEYİN", "HASAN", "İBRAHİM", "İSMAİL", "OSMAN", "YUSUF",
               "MURAT", "ÖMER", "RAMAZAN", "HALİL", "SÜLEYMAN", "ABDULLAH", "MAHMUT", "RECEP", "SALİH", "KEMAL",
               "EMRE", "BURAK", "CAN", "ONUR", "OĞUZ", "SERKAN", "GÖKHAN", "ÇAĞLAR", "BARIŞ", "UĞUR"],
        female: ["FATMA", "AYŞE", "EMİNE", "HATİCE", "ZEYNEP", "ELİF", "MERYEM", "ŞERİFE", "ZEHRA", "SULTAN",
                 "HANİFE", "MERVE", "ÖZLEM", "YASEMİN", "DİLEK", "GÜLSÜM", "ESRA", "BÜŞRA", "TUĞBA", "SEVGİ",
                 "ECE", "İREM", "DERYA", "SİBEL", "PINAR", "GÜL", "NESRİN", "ŞEYMA", "ÇİĞDEM", "AYŞEGÜL"],
        surnames: ["YILMAZ", "KAYA", "DEMİR", "ŞAHİN", "ÇELİK", "YILDIZ", "YILDIRIM", "ÖZTÜRK", "AYDIN", "ÖZDEMİR",
                   "ARSLAN", "DOĞAN", "KILIÇ", "ASLAN", "ÇETİN", "KARA", "KOÇ", "KURT", "ÖZKAN", "ŞİMŞEK",
                   "POLAT", "ÖZCAN", "KORKMAZ", "ÇAKIR", "ERDOĞAN", "YAVUZ", "CAN", "ACAR", "ŞEN", "AKTAŞ",
                   "GÜLER", "YALÇIN", "GÜNEŞ", "BOZKURT", "BULUT", "KESKİN", "ÜNAL", "TURAN", "GÜL", "ÖZER"])
}
